"""The numbers a subject access request rests on, kept in one place.

UK GDPR Article 12(3) and the ICO's guidance on the right of access:
- a request is answered without undue delay and at the latest within one month of receipt,
  counted in calendar months (received on 31 January: due on 28 or 29 February, the last day
  of the shorter month); school holidays do not pause the clock;
- the period may be extended by up to two further months where requests are complex or
  numerous, and the person is told, with the reasons, within the first month;
- a request can be made in any form: in writing, by email, by phone, in person.
"""

from datetime import timedelta

# Article 12(3): one calendar month from receipt.
RESPONSE_MONTHS = 1
# Article 12(3): extended by up to two further months.
MAX_EXTENSION_MONTHS = 2
# Managers are reminded this many days before the deadline, then once it has passed.
REMINDER_DAYS_BEFORE = (7, 2)
# Reminders go out at this local hour, not in the middle of the night.
REMINDER_HOUR = 8
# The portal's choice: how long a released bundle's download link works.
LINK_VALID_DAYS = 14
# The portal's choice: a build started this long ago and not finished lost its worker.
BUILD_CLAIM_EXPIRES = timedelta(minutes=30)
# A build not started this long after it was asked for is sent to the workers again.
BUILD_RESEND_AFTER = timedelta(minutes=1)
