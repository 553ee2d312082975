from . import test_output
from . import test_yield
from . import test_rework
from . import test_utilisation
from . import test_margin
from . import test_access
from . import test_dashboard
from . import test_demo
