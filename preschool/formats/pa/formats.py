# The formats of preschool/formats/day_month_year.py; a date and time joined by the
# language's comma.
from preschool.formats.day_month_year import *  # noqa: F403

DATETIME_FORMAT = "j E Y, H:i"
