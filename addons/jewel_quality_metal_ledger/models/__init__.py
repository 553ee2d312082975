from . import jewel_metal_transfer
from . import jewel_quality_check
from . import mrp_production
