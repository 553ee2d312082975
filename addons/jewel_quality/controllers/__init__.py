from . import verify
