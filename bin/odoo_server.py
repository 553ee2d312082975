"""Odoo's command line, as odoo-bin: ``python3 bin/odoo_server.py [odoo options]``.

Used by bin/demo.sh and tests/load/ instead of ``python3 -m odoo``: with
workers, Odoo's prefork master starts the bus' gevent process as
``python <argv[0]> gevent ...``, and argv[0] must then be a script that runs
(odoo/__main__.py is not; the environment's ``odoo`` entry point may fail on a
package requirement check).
"""

import os

# what odoo-bin does before anything imports the time module
os.environ["TZ"] = "UTC"

import odoo  # noqa: E402

if __name__ == "__main__":
    odoo.cli.main()
