from . import test_check_generation
from . import test_check_results
from . import test_failure_paths
from . import test_hallmark_batch
from . import test_measures
from . import test_access
from . import test_certificate
from . import test_ui
