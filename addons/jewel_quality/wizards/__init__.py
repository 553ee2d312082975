from . import jewel_quality_check_fail
from . import jewel_huid_import
