from . import jewel_passport
from . import stock_lot
