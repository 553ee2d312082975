"""Odoo's server running the selected tests on the complete registry.

Used by tests/odoo_suites.sh:

    python3 tests/odoo_suites_server.py <Odoo server options: -d DB --test-enable
        --test-tags /mrp,/stock --stop-after-init ...>

Started on an installed database without -i/-u, Odoo runs each module's
at_install tests as the module loads, on a registry holding only the modules
loaded so far: a partner created by a portal test then misses the required
columns account added ("autopost_bills" is NULL), whatever our addons do. Here
the at_install tests run with the post_install ones, once every module is
loaded, i.e. on the registry a running server has. The tests of a module that
cannot be imported are reported as one failing test instead of stopping Odoo.
"""

import logging
import sys

import odoo
import odoo.http
from odoo.tests import loader
from odoo.tests.suite import OdooSuite

_logger = logging.getLogger("odoo.tests.suites")
_make_suite = loader.make_suite


def make_suite(module_names, position="at_install"):
    if position == "at_install":
        return OdooSuite([])  # run later, on the complete registry
    # Odoo computes the map of static folders (every manifest parsed with
    # ast.literal_eval) lazily, in the first request threads of a tour, which
    # then parse in parallel; CPython 3.11's ast state is not thread-safe there
    # ("SystemError: AST constructor recursion depth mismatch", a 500 on the
    # web client's assets, seen in crm's TestUi.test_01_crm_tour). Computed
    # once here, before any browser runs, in both databases alike.
    if not odoo.http.root.statics:
        _logger.warning("no static folder found on the addons path")
    tests = []
    for name in module_names:
        for pos in ("at_install", "post_install"):
            try:
                tests.extend(_make_suite([name], pos))
            except Exception as e:  # noqa: BLE001 (a trimmed Odoo lacks test modules)
                _logger.warning("tests of %s cannot be imported: %s", name, e)
                break
    return OdooSuite(sorted(tests, key=lambda t: t.test_sequence))


def main():
    loader.make_suite = make_suite
    sys.argv = ["odoo", *sys.argv[1:]]
    odoo.cli.main()


if __name__ == "__main__":
    main()
