from . import jewel_memo_exposure_override
from . import jewel_aging_export
from . import jewel_sow_register_export
