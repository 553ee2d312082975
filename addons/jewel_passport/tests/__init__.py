from . import test_passport
