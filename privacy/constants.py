"""The bulk-access alarm's defaults: what a role normally reads in a short window.

In September 2025 a nursery group lost about 8,000 children's records through accounts that
could read them, and nobody noticed the bulk reading. A practitioner reads the records of the
children in their care over a session; reading far more children's sensitive records than that
in a few minutes is what a stolen account or a scraping script looks like. Each setting may
change these (``PrivacyOptions``); these are the defaults.
"""

# The window in which looks are counted.
WINDOW_MINUTES = 10

# Different children whose sensitive records a person read in the window: at ``ALERT`` the
# managers are told at once; at ``PAUSE`` the membership is paused until a manager looks.
PRACTITIONER_ALERT = 25
PRACTITIONER_PAUSE = 60
MANAGER_ALERT = 60
MANAGER_PAUSE = 150
# A family sees only its own children, so a family account is watched for being used from
# many places at once: different sessions in the window.
FAMILY_PLACES_ALERT = 3

# The looks a whole-setting export records (one a child, when the export is built and when it
# is downloaded) raise an alert like any bulk reading, but never pause the manager who made it:
# the export asks for the password again and is in the audit trail.
WHOLE_SETTING_EXPORT = "setting_export.SettingExport"
