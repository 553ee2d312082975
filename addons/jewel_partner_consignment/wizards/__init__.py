from . import jewel_memo_exposure_override
from . import jewel_aging_export
