import xlsxwriter


def safe_workbook(stream):
    """An in-memory workbook in which a text never becomes a formula or a link.

    xlsxwriter's ``write()`` turns a string starting with "=" into a formula and
    one that looks like a URL into a link: a partner named "=HYPERLINK(...)" or
    an operation named "=1+1" would run in the accountant's spreadsheet
    (formula injection). Every XLSX export of the jewel addons starts here.
    """
    return xlsxwriter.Workbook(
        stream,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
