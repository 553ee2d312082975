from . import test_passport
from . import test_demo_passport
