from . import test_quality_metal
