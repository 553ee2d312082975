from . import mrp_bom_cost_sheet
