"""Demo journal for `manage.py seed_demo`: consents, observations with photos, a wow moment with
a comment, the diary, today's board and a progress check at two in progress.

Run once per setting: a setting that already has observations is left as it is.
"""

from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from consents.models import ConsentForm, ConsentKind
from families.models import Child
from learning_journal import services
from learning_journal.media import process_upload
from learning_journal.models import Area, Aspect, Characteristic, Observation
from preschool.models import User

# Families' consent answers in the demo: everyone agrees to everything, but Freya's father
# does not want other families to see her photos (so a group photo with Freya is hidden from
# them), and Ruby is looked after (her photos are never shown to other families anyway).
NOT_FOR_OTHER_FAMILIES = {"Freya"}


def _picture(colour, shapes) -> SimpleUploadedFile:
    """A made-up photo: a coloured scene of simple shapes (no real child in the demo)."""
    image = Image.new("RGB", (1600, 1200), colour)
    draw = ImageDraw.Draw(image)
    for (x, y, r), fill in shapes:
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)
    draw.rectangle((0, 1000, 1600, 1200), fill=(96, 160, 80))
    out = BytesIO()
    image.save(out, format="JPEG", quality=85)
    return SimpleUploadedFile("IMG_2041.jpg", out.getvalue(), content_type="image/jpeg")


def _answer_consents(setting):
    forms = list(ConsentForm.objects.filter(setting=setting, is_current=True))
    from consents.services import answer_consents

    for child in Child.objects.filter(setting=setting).prefetch_related("adults__user"):
        if child.consent_answers.exists():
            continue
        parent = next((a.user for a in child.adults.all()
                       if a.user_id and a.has_parental_responsibility), None)
        if parent is None:  # looked after: the local authority answers on paper
            continue
        answer_consents(parent, child, {
            f: not (f.kind == ConsentKind.PHOTOS_OTHER_FAMILIES
                    and child.first_name in NOT_FOR_OTHER_FAMILIES) for f in forms})


def load_demo(setting, today):
    """Fill the journal of ``setting`` (the Acorn Tree demo children)."""
    _answer_consents(setting)
    if Observation.objects.filter(setting=setting).exists():
        return
    children = {c.first_name: c for c in Child.objects.filter(setting=setting)}
    if not {"Amelia", "Leon", "Noah", "Freya", "Isla"} <= set(children):
        return
    staff = {u.email.split("@")[0]: u for u in User.objects.filter(
        email__endswith="@acorns.example")}
    area = {a.code: a for a in Area.objects.all()}
    aspect = {a.name: a for a in Aspect.objects.all()}
    character = {c.name: c for c in Characteristic.objects.all()}
    amelia, leo, noah, freya, isla = (children[n] for n in
                                      ("Amelia", "Leon", "Noah", "Freya", "Isla"))

    services.create_observation(
        staff["grace.okafor"], setting, observed_on=today - timedelta(days=12),
        text="Amelia and Noah built a bridge from the big blocks for the cars. Amelia said "
             "\"it needs to be longer\" and fetched two more blocks; Noah tested it with the "
             "red bus.",
        children=[amelia, noah], areas=[area["PD"], area["EAD"]],
        aspects=[aspect["Creating with Materials"], aspect["Gross Motor Skills"]],
        characteristics=[character["Active learning"],
                         character["Creating and thinking critically"]],
        next_steps={amelia.pk: "Plan a bridge together first, then build it.",
                    noah.pk: "Count the cars that cross the bridge."},
        media=[process_upload(_picture((250, 214, 160), [((500, 700, 220), (210, 60, 50)),
                                                          ((1100, 650, 260), (40, 90, 200))]))],
        publish=True)
    services.create_observation(
        staff["priya.shah"], setting, observed_on=today - timedelta(days=6),
        text="Leo named the animals in the farm book in Polish and then in English: \"krowa, "
             "cow!\" He pointed to the pictures for Isla to copy.",
        children=[leo], areas=[area["CL"], area["PSED"]],
        aspects=[aspect["Speaking"], aspect["Building Relationships"]],
        characteristics=[character["Playing and exploring"]],
        next_steps={leo.pk: "Share a dual-language farm book at home and at pre-school."},
        publish=True)
    services.create_observation(
        staff["tom.baker"], setting, observed_on=today - timedelta(days=3),
        text="Freya and Noah watered the bean plants and measured them with cubes: Freya's "
             "was five cubes tall.",
        children=[freya, noah], areas=[area["UW"], area["M"]],
        aspects=[aspect["The Natural World"], aspect["Number"]],
        characteristics=[character["Playing and exploring"]],
        media=[process_upload(_picture((200, 230, 250), [((800, 600, 300), (60, 170, 70))]))],
        publish=True)
    services.create_observation(
        staff["priya.shah"], setting, observed_on=today - timedelta(days=1),
        text="Isla settled quickly today and joined the singing at circle time.",
        children=[isla], areas=[area["PSED"]], aspects=[aspect["Self-Regulation"]])  # a draft

    mum = User.objects.get(email="sophie.thompson@family.example")
    wow = services.add_wow_moment(
        mum, amelia, observed_on=today - timedelta(days=2),
        text="Amelia rode her balance bike all the way to the park without stopping!",
        media=[process_upload(_picture((180, 220, 255), [((800, 500, 200), (240, 200, 40))]))])
    services.add_comment(staff["grace.okafor"], wow, amelia,
                         "Wonderful! We will put out the bikes and the ramp this week.")
    services.add_diary_entry(staff["grace.okafor"], amelia, {
        "day": today - timedelta(days=1), "sleep": "Rested 12:45 to 13:20.",
        "food": "Pasta bake, all of it; apple and water.", "mood": "happy",
        "notes": "Linda is collecting today: Amelia's painting is in her bag."})
    services.save_daily_board(staff["priya.shah"], setting, {
        "room": leo.room, "day": today,
        "what_we_did": "We planted beans, sang 'Old MacDonald' and made playdough animals.",
        "planning": "Next week: growing things, and a walk to the allotment.",
        "try_at_home": "Plant a bean in a jar with damp kitchen roll and watch it grow."})

    check = services.start_check(staff["priya.shah"], leo)
    services.save_check(staff["priya.shah"], check, {
        "parents_views": "", "child_voice": "Leo says \"more bubbles!\" and \"my turn\".",
        "significant_concerns": False, "targeted_plan": "", "senco": None,
    }, {
        "PSED": {"strengths": "Plays alongside friends and takes turns with help.",
                 "progress": "expected", "support": ""},
        "CL": {"strengths": "Uses single words in Polish and English; understands simple "
                            "instructions in both.",
               "progress": "expected", "support": ""},
        "PD": {"strengths": "Climbs confidently; beginning to use a spoon well.",
               "progress": "expected", "support": ""},
    })
