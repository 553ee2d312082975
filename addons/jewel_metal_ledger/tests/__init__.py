from . import test_ledger
from . import test_job
from . import test_stock
from . import test_concurrency
from . import test_access
from . import test_accounting
from . import test_customer
from . import test_ui
