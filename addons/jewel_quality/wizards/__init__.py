from . import jewel_quality_check_fail
