from . import jewel_metal_job_decide
from . import jewel_metal_stock_check
from . import jewel_metal_statement
from . import jewel_metal_lock_date
