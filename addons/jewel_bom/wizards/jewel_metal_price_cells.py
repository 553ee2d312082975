"""Reading the price cells of a rate file written by hand or by any spreadsheet.

A price is written ``2345.67``, ``2,345.67`` (English), ``2345,67``, ``2.345,67``
(continental Europe) or ``2'345.67`` (Switzerland). The decimal separator is
decided once per file, by the cells that show it; a cell that cannot tell
(``2,345``: 2345 or 2.345?) is read the file's way, or refused when nothing in
the file tells. Plain Python: the wizard turns the reasons into messages.
"""

import math
import re

DOT, COMMA, AMBIGUOUS = "dot", "comma", "ambiguous"
# Thousands separators nobody uses as a decimal separator.
_SPACES = re.compile(r"[\s\u00a0\u202f'\u2019]")
_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")
_NON_FINITE = {"nan", "inf", "infinity", "-inf", "+inf", "-infinity", "+infinity"}
_GROUPED = {
    ",": re.compile(r"\d{1,3}(,\d{3})+"),
    ".": re.compile(r"\d{1,3}(\.\d{3})+"),
}


class PriceCellError(ValueError):
    """``code`` says why the cell is not a price: ``not_a_number``,
    ``not_finite``."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def normalize(text):
    """The cell's text without spaces and apostrophes (thousands separators)."""
    return _SPACES.sub("", str(text))


def classify(text):
    """Which decimal separator the (normalized) cell shows.

    :return: DOT, COMMA, AMBIGUOUS (one separator followed by exactly three
        digits: a decimal part or a thousands group) or None (no separator).
    :raise PriceCellError: the cell is not a number at all.
    """
    if text.lower() in _NON_FINITE:
        raise PriceCellError("not_finite")
    if _SCIENTIFIC.fullmatch(text):
        return DOT if "." in text else None
    body = text[1:] if text[:1] in "+-" else text
    if not body or not re.fullmatch(r"[\d.,]+", body):
        raise PriceCellError("not_a_number")
    if body.isdigit():
        return None
    dot, comma = body.rfind("."), body.rfind(",")
    if dot >= 0 and comma >= 0:
        decimal = "." if dot > comma else ","
        thousands = "," if decimal == "." else "."
        whole, _sep, fraction = body.rpartition(decimal)
        if not (fraction.isdigit() and _GROUPED[thousands].fullmatch(whole)):
            raise PriceCellError("not_a_number")
        return DOT if decimal == "." else COMMA
    separator = "." if dot >= 0 else ","
    # the style in which this separator is the decimal one, and the other style
    decimal_style, thousands_style = (DOT, COMMA) if separator == "." else (COMMA, DOT)
    if body.count(separator) > 1:
        if not _GROUPED[separator].fullmatch(body):
            raise PriceCellError("not_a_number")
        return thousands_style
    whole, _sep, fraction = body.partition(separator)
    if not (whole.isdigit() and fraction.isdigit()):
        raise PriceCellError("not_a_number")
    if len(fraction) == 3 and len(whole) <= 3 and whole[0] != "0":
        return AMBIGUOUS
    return decimal_style


def parse(text, style):
    """The number in the (normalized) cell read with the file's ``style``.

    :raise PriceCellError: not a number, or not a finite one (nan, inf, 1e400).
    """
    if _SCIENTIFIC.fullmatch(text):
        plain = text
    elif style == COMMA:
        plain = text.replace(".", "").replace(",", ".")
    else:
        plain = text.replace(",", "")
    try:
        value = float(plain)
    except ValueError as error:
        raise PriceCellError("not_a_number") from error
    if not math.isfinite(value):
        raise PriceCellError("not_finite")
    return value


def column_letter(index):
    """``0`` → ``A``, ``26`` → ``AA``: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
