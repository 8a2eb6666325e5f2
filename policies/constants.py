"""The numbers the policy library and questionnaires run on, kept in one place.

None of these is statutory: the EYFS asks for a written complaints procedure and other
policies but sets no review cycle (shared reference eyfs.md). These are the common practice
of the settings whose policies the portal was designed from (reviewed every year, parents
invited to comment, questionnaires with an action plan).
"""

from django.utils.translation import gettext_lazy as _

# A policy is normally reviewed a year after it was adopted.
REVIEW_EVERY_MONTHS = 12
# The manager is reminded this many days before a policy's next review date, and on the day.
REVIEW_REMINDER_DAYS_BEFORE = (30, 0)
# Reminders go out at this local hour.
REMINDER_HOUR = 8
# A review is open for comments for this many days unless the manager chooses otherwise.
DEFAULT_REVIEW_DAYS = 21
# The longest a review may stay open.
MAX_REVIEW_DAYS = 120
# The longest a questionnaire may stay open for answers.
MAX_QUESTIONNAIRE_DAYS = 120
# A published "you said, we did" plan stays on families' home page this long.
ACTION_PLAN_ON_HOME_DAYS = 60
# Rating questions run from 1 to 5.
RATING_LABELS = {1: _("Poor"), 2: _("Fair"), 3: _("Good"), 4: _("Very good"), 5: _("Excellent")}
