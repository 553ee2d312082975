from . import jewel_quality_check_fail
from . import jewel_huid_import
from . import jewel_verify_flag
