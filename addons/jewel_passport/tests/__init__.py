from . import test_passport
from . import test_piece_journey
