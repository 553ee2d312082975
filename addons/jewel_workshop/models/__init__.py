# the invoice line's piece first: the gross margin view reads its column
from . import account_move_line
from . import jewel_memo_line
from . import jewel_workshop_measure
from . import jewel_workshop_output
from . import jewel_workshop_yield
from . import jewel_workshop_rework
from . import jewel_workshop_utilisation
from . import jewel_workshop_margin
from . import jewel_workshop_demo
