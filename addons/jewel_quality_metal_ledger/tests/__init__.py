from . import test_quality_metal
from . import test_list_totals
