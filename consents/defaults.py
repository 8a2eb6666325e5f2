"""The consent forms a new setting starts with, and the words of the medicine declaration.

The portal's own wording (the seeds were read for what settings ask, not copied). A setting
changes a form's wording from its consent forms page: that publishes a new version and families
are asked again.
"""

from django.utils.translation import gettext_lazy as _

from consents.models import ConsentKind

DEFAULT_FORMS = [
    (ConsentKind.EMERGENCY_TREATMENT, "Emergency medical advice and treatment",
     "If my child is injured or becomes seriously unwell at pre-school and we cannot be "
     "reached in time, I agree that staff may seek emergency medical advice or treatment for "
     "them, including calling an ambulance and going with them to hospital. Staff will keep "
     "trying to contact us throughout."),
    (ConsentKind.LOCAL_OUTINGS, "Local outings and walks",
     "I agree that my child may go on local walks and short outings with staff (for example to "
     "the park, the library or the shops), with the adult-to-child ratios the setting follows. "
     "We will be told about any outing further afield beforehand."),
    (ConsentKind.SCHOOL_PREMISES, "The neighbouring school's premises and field",
     "I agree that my child may use the neighbouring school's playground, field and hall with "
     "pre-school staff, for play, sports day and visits to help them get used to school."),
    (ConsentKind.PHOTOS_JOURNAL, "Photos in my child's learning journal",
     "I agree that staff may take photos and short videos of my child at play for their own "
     "learning journal. Only staff and my child's family see it."),
    (ConsentKind.PHOTOS_OTHER_FAMILIES, "Photos seen by other families (group photos)",
     "I agree that group photos in which my child appears may be shared in other children's "
     "learning journals and shown to their families."),
    (ConsentKind.PHOTOS_PUBLIC, "Photos on the website and social media",
     "I agree that photos of my child may be used on the pre-school's website, newsletters and "
     "social media pages. We never publish a child's full name with their photo."),
    (ConsentKind.SHARE_PROFESSIONALS, "Sharing information with professionals",
     "I agree that the pre-school may share information about my child's development and "
     "wellbeing with the professionals who support them: our health visitor, the area SENCO, "
     "speech and language therapists, and other settings or schools my child attends or moves "
     "on to (for example the progress check at age two)."),
    (ConsentKind.ONLINE_JOURNAL, "Using the online learning journal",
     "I agree that my child's learning journal is kept online in this portal, where staff record "
     "observations and where we can see them and add our own."),
    (ConsentKind.SUN_CREAM_PLASTERS, "Sun cream and plasters",
     "I agree that staff may put sun cream on my child on sunny days (the sun cream we provide, "
     "or our own if we send it in) and may use a plaster on a small cut or graze. I will tell "
     "the setting about any allergy to sun cream or plasters."),
]

# Shown to the parent in their language; stored as shown (services.request_permission).
MEDICATION_DECLARATION = _(
    "I have parental responsibility for this child. I give permission for a member of staff "
    "to give this medicine as described. The information is correct, the medicine is in its "
    "original container with its label, and my child has had at least one dose before without "
    "a reaction. I will tell the setting at once if anything changes, and I understand staff "
    "will record each dose and tell me the same day."
)
