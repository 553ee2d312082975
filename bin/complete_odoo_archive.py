"""Fill the gaps of a trimmed Odoo 18.0 archive so that its own addons load.

`../shared/odoo/odoo-18.0-*.tar.xz` holds only the addons this project can need
(the manifest dependency closure). Odoo's own code also refers to modules
outside that closure, which a full source tree always has:

- base/data/ir_module_module.xml refers to module categories that only the
  manifests of project, hr_timesheet and mass_mailing create (without them,
  ``-i base`` fails on a new database);
- payment's data refers to the module records and icons of the payment
  providers (payment_adyen, payment_stripe...), which only exist when their
  module folders do;
- account imports ``_ref_vat`` from base_vat (VAT examples for a placeholder),
  payment imports payment_stripe (``const`` tables for a country flag) and
  resource imports ``WorkIntervals`` from hr_work_entry_contract.

For each gap found, this adds the smallest thing that satisfies the reference to
the unpacked copy in the bootstrap's cache: a non-installable placeholder
manifest for a category or a module record (Odoo lists it as "not installable",
as it would list a module whose dependencies are missing), the referenced icon,
and a Python package holding just the imported names. A gap it does not know
is an error that names it. A complete source tree has no gap, so nothing is
added. Never run on a user's own source tree.

Usage: python3 complete_odoo_archive.py ODOO_SRC_DIR
"""

import ast
import glob
import os
import re
import sys

# Manifest-less packages standing in for modules the archive lacks; each holds
# exactly the names Odoo's loaded code imports from it.
IMPORT_PLACEHOLDERS = {
    "base_vat": {
        "models/res_partner.py": (
            "# VAT number examples per country (base_vat is not in this archive):\n"
            "# without them the VAT field's placeholder is the generic one.\n"
            "_ref_vat = {}\n"
        ),
    },
    "payment_stripe": {
        "const.py": (
            "# payment_stripe is not in this archive: no country is Stripe-supported.\n"
            "COUNTRY_MAPPING = {}\n"
            "SUPPORTED_COUNTRIES = frozenset()\n"
        ),
        "__init__.py": "from . import const  # noqa: F401\n",
    },
    "hr_work_entry_contract": {
        "models/hr_work_intervals.py": '''
from itertools import chain

from odoo.addons.resource.models.utils import Intervals, _boundaries


class WorkIntervals(Intervals):
    """Intervals in which two touching intervals stay apart.

    resource's Intervals merges (1, 4, a) and (4, 10, b) into (1, 10, a | b);
    work intervals keep them as two, so that each keeps its own attendance.
    At an equal instant a stop is therefore sorted before a start.
    """

    def __init__(self, intervals=()):
        self._items = []
        starts, recses = [], []
        for value, flag, recs in sorted(
            _boundaries(intervals, "start", "stop"),
            key=lambda boundary: (boundary[0], boundary[1] == "start"),
        ):
            if flag == "start":
                starts.append(value)
                recses.append(recs)
            else:
                start = starts.pop()
                if not starts:
                    self._items.append((start, value, recses[0].union(*recses)))
                    recses.clear()

    def __or__(self, other):
        return WorkIntervals(chain(self._items, other._items))

    def _merge(self, other, difference):
        return WorkIntervals(super()._merge(other, difference))
''',
    },
}


def category_xmlid(path):
    """The xml id Odoo's module loader gives a category path (odoo/modules/db.py)."""
    return "module_category_" + "_".join(p.lower() for p in path).replace(
        "&", "and"
    ).replace(" ", "_")


def missing_categories(addons):
    data = os.path.join(addons, "base", "data")
    with open(os.path.join(data, "ir_module_module.xml")) as fh:
        refs = set(re.findall(r'ref="base\.(module_category_[a-z_]+)"', fh.read()))
    with open(os.path.join(data, "ir_module_category_data.xml")) as fh:
        known = set(re.findall(r'id="(module_category_[a-z_]+)"', fh.read()))
    for manifest in glob.glob(os.path.join(addons, "*", "__manifest__.py")):
        with open(manifest) as fh:
            parts = ast.literal_eval(fh.read()).get("category", "Uncategorized")
        parts = parts.split("/")
        known.update(category_xmlid(parts[: i + 1]) for i in range(len(parts)))
    return sorted(refs - known)


def add_category(addons, xmlid):
    # services_timesheets -> Services/Timesheets; marketing_email_marketing ->
    # Marketing/Email Marketing (what the missing manifests declare)
    words = xmlid[len("module_category_") :].split("_")
    tail = " ".join(w.capitalize() for w in words[1:])
    category = words[0].capitalize() + (f"/{tail}" if tail else "")
    if category_xmlid(category.split("/")) != xmlid:
        sys.exit(f"cannot name the missing module category {xmlid}")
    folder = os.path.join(addons, "category_placeholder_" + "_".join(words))
    os.makedirs(folder, exist_ok=True)
    manifest = {
        "name": f"{category} (placeholder: its apps are not in this archive)",
        "category": category,
        "license": "LGPL-3",
        "installable": False,
    }
    with open(os.path.join(folder, "__manifest__.py"), "w") as fh:
        fh.write(repr(manifest) + "\n")
    open(os.path.join(folder, "__init__.py"), "w").close()
    return category


def missing_modules(addons):
    """Modules whose record (base.module_X) or files (file="X/...") the data of
    present addons refer to, but which are neither on disk nor defined as records."""
    present = {d for d in os.listdir(addons) if os.path.isdir(os.path.join(addons, d))}
    data_files = glob.glob(os.path.join(addons, "*", "**", "*.xml"), recursive=True)
    defined, refs, files = set(), {}, {}
    for path in data_files:
        if f"{os.sep}tests{os.sep}" in path:
            continue
        with open(path, errors="replace") as fh:
            text = fh.read()
        defined.update(re.findall(r'id="(?:base\.)?module_(\w+)"', text))
        for name in re.findall(r"""(?:ref="|ref\(')base\.module_(\w+)""", text):
            refs.setdefault(name, os.path.relpath(path, addons))
        for name, rest in re.findall(r'file="(\w+)/([^"]+)"', text):
            files.setdefault(name, set()).add(rest)
    missing = {}
    for name in set(refs) | set(files):
        if name in present or (name in defined and name not in files):
            continue
        if name.startswith("category_"):
            continue  # categories: see missing_categories
        missing[name] = files.get(name, set())
    return missing


def add_module_placeholder(addons, name, files):
    folder = os.path.join(addons, name)
    os.makedirs(folder, exist_ok=True)
    manifest = {
        "name": f"{name} (placeholder: not in this archive)",
        "category": "Hidden",
        "license": "LGPL-3",
        "installable": False,
    }
    with open(os.path.join(folder, "__manifest__.py"), "w") as fh:
        fh.write(repr(manifest) + "\n")
    init = os.path.join(folder, "__init__.py")
    if not os.path.exists(init):
        open(init, "w").close()
    icon = os.path.join(addons, "base", "static", "description", "icon.png")
    for rest in files:
        path = os.path.join(folder, rest)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(icon if rest.endswith(".png") else os.devnull, "rb") as src:
            content = src.read()
        with open(path, "wb") as fh:
            fh.write(content)


def missing_imports(addons):
    """Modules that the code of installable addons imports but the tree lacks."""
    present = {d for d in os.listdir(addons) if os.path.isdir(os.path.join(addons, d))}
    pattern = re.compile(r"^\s*(?:from|import)\s+odoo\.addons\.(\w+)", re.M)
    missing = {}
    for path in glob.glob(os.path.join(addons, "*", "**", "*.py"), recursive=True):
        if f"{os.sep}tests{os.sep}" in path or path.endswith("__manifest__.py"):
            continue  # Odoo's own tests are not run here
        with open(path, errors="replace") as fh:
            for name in pattern.findall(fh.read()):
                if name not in present and name != "decimal_precision":
                    missing.setdefault(name, os.path.relpath(path, addons))
    return missing


def add_import_placeholder(addons, name):
    for relpath, text in IMPORT_PLACEHOLDERS[name].items():
        path = os.path.join(addons, name, relpath)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text.lstrip("\n"))
    for folder, _dirs, files in os.walk(os.path.join(addons, name)):
        if "__init__.py" not in files:
            open(os.path.join(folder, "__init__.py"), "w").close()


def main(src):
    addons = os.path.join(src, "odoo", "addons")
    imports = missing_imports(addons)  # before placeholders add folders
    unknown = {n: p for n, p in imports.items() if n not in IMPORT_PLACEHOLDERS}
    if unknown:
        names = ", ".join(f"{n} (imported by {p})" for n, p in sorted(unknown.items()))
        sys.exit(
            f"the Odoo source lacks modules its own code imports: {names}. "
            "Use a complete Odoo 18.0 source tree (ODOO_SRC)."
        )
    for xmlid in missing_categories(addons):
        category = add_category(addons, xmlid)
        print(f"[bootstrap] archive lacks the module category {category}")
    modules = missing_modules(addons)
    for name, files in sorted(modules.items()):
        add_module_placeholder(addons, name, files)
    if modules:
        names = ", ".join(sorted(modules))
        print(f"[bootstrap] archive lacks modules its data refers to: {names}")
    for name in sorted(imports):
        add_import_placeholder(addons, name)
        print(f"[bootstrap] archive lacks {name}, imported by {imports[name]}")


if __name__ == "__main__":
    main(sys.argv[1])
