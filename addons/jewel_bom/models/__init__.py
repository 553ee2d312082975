from . import jewel_metal
from . import jewel_alloy
from . import jewel_metal_price
from . import product_template
from . import stock_lot
from . import mrp_bom_line
from . import mrp_bom
from . import mrp_bom_costing
