from . import jewel_quality_certificate
