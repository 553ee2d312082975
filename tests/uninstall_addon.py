"""Uninstalls one addon as the Apps menu does (helper of tests/check_uninstall.sh).

    python3 tests/uninstall_addon.py ADDON <Odoo server options: -d DB --logfile F ...>

Odoo uninstalls the addon together with every installed addon depending on it.
Prints the addons uninstalled; exits non-zero when one of them is still
installed afterwards. Log lines go to the --logfile given, which the caller
checks for ERROR/CRITICAL/Traceback.
"""

import sys

import odoo
from odoo.modules.registry import Registry
from odoo.tools import config


def main(argv):
    addon, options = argv[0], argv[1:]
    config.parse_config(options)
    odoo.netsvc.init_logger()
    registry = Registry(config["db_name"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", addon)])
        if module.state != "installed":
            print(f"{addon}: not installed ({module.state or 'unknown'})")
            return 2
        removed = (module | module.downstream_dependencies()).mapped("name")
        module.button_immediate_uninstall()
    with Registry(config["db_name"]).cursor() as cr:
        cr.execute(
            "SELECT name FROM ir_module_module"
            " WHERE name IN %s AND state != 'uninstalled'",
            [tuple(removed)],
        )
        left = [name for (name,) in cr.fetchall()]
    print(f"uninstalled: {', '.join(sorted(removed))}")
    if left:
        print(f"still installed after the uninstall: {', '.join(left)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
