"""The numbers and contact details the complaints procedure rests on, kept in one place.

EYFS statutory framework (shared reference eyfs.md, "Complaints"):
- a written complaints procedure, and a written record of complaints and their outcome;
- written complaints are investigated and complainants notified of the outcome within 28 days
  of the complaint being received;
- the record is made available to Ofsted on request, and parents are given Ofsted's contact
  details. Settings commonly keep the record for 3 years.

A setting under another framework (Wales, a future edition) changes these here.
"""

# eyfs.md, "Complaints": the outcome is notified within 28 days of receipt.
RESPONSE_DAYS = 28
# The manager is reminded on these days after receipt (the last one the day before the deadline).
REMINDER_DAYS = (14, 21, 27)
# Reminders go out at this local hour, not in the middle of the night.
REMINDER_HOUR = 8
# eyfs.md, "Complaints": settings commonly keep the record for 3 years.
RECORD_KEPT_YEARS = 3

# eyfs.md, "Complaints": parents are given Ofsted's contact details.
OFSTED = {
    "name": "Ofsted",
    "address": "Clive House, 70 Petty France, London SW1H 9EX",
    "phone": "0300 123 1231",
    "email": "enquiries@ofsted.gov.uk",
}
