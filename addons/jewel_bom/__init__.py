from . import models
from . import report
from . import wizards
from .tools.uninstall import clean_before_uninstall


def uninstall_hook(env):
    clean_before_uninstall(env, "jewel_bom")
