"""The numbers and fixed lists the consents app encodes, in one place.

Each cites the rule it comes from (shared reference, eyfs.md) or says it is the portal's own
choice, so a setting in Wales or a future framework can change it here.
"""

from django.utils.translation import gettext_lazy as _

# EYFS, "Accidents and injuries": notify Ofsted of a serious accident, illness or injury to a
# child in care as soon as reasonably practicable and within 14 days.
OFSTED_NOTIFY_DAYS = 14

# EYFS, "Medicines": prescription medicines only if prescribed by a doctor, dentist, nurse or
# pharmacist; medicines containing aspirin only if prescribed by a doctor.
PRESCRIBERS = [
    ("doctor", _("Doctor")),
    ("dentist", _("Dentist")),
    ("nurse", _("Nurse (prescriber)")),
    ("pharmacist", _("Pharmacist (prescriber)")),
]
ASPIRIN_PRESCRIBER = "doctor"

# The portal's choice: two doses of the same medicine recorded for one child within this many
# minutes of each other are flagged as a possible double dose (two staff recording at once).
DOUBLE_DOSE_MINUTES = 30

# The portal's choice: a dose given more than this many minutes from every time the written
# permission names (its "when to give it", e.g. "12:00 with lunch") needs a reason, as any dose
# outside the permission does (EYFS, "Medicines": written permission for each medicine).
DOSE_TIME_TOLERANCE_MINUTES = 60

# EYFS, "Medicines" and "Accidents": parents are informed the same day. Records a family has not
# acknowledged are chased every evening from this hour (local time) until they are.
ACKNOWLEDGE_CHASE_HOUR = 18

# The portal's choice: families with consent forms left unanswered are reminded once a week,
# on this weekday (0 = Monday) from this hour.
CONSENT_CHASE_WEEKDAY = 0
CONSENT_CHASE_HOUR = 10

# The portal's choice: the manager is reminded each morning of a serious accident not yet
# notified to Ofsted.
OFSTED_CHASE_HOUR = 9

# Staff see withdrawals of consent made in this many days on their home page.
RECENT_WITHDRAWAL_DAYS = 14
