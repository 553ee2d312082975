from . import test_passport
from . import test_piece_journey
from . import test_demo_passport
