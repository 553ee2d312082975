from . import jewel_metal_price_import
from . import mrp_bom_convert
from . import jewel_exception_reject
from . import jewel_exception_assign
