from odoo.addons.jewel_bom.tools.uninstall import clean_before_uninstall
from . import controllers
from . import models
from . import report
from . import wizards


def uninstall_hook(env):
    clean_before_uninstall(env, "jewel_quality")
