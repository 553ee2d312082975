from . import jewel_passport_report
