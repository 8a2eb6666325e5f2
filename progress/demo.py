"""Demo progress for `manage.py seed_demo`: the Acorn Tree's points (on entry and three
school terms up to today's), a few statements of its own, and assessments shared with the
families of Amelia, Leo and Noah at the earlier points; this term is still to do.

Run once per setting: a setting that already has points is left as it is.
"""

from datetime import date, timedelta

from families.models import Child
from learning_journal.models import Area, Observation
from preschool.models import User
from progress import services
from progress.models import AssessmentPoint, Judgement, ProgressOptions

ON, TOWARDS, NOT_YET = (Judgement.Status.ON_TRACK, Judgement.Status.WORKING_TOWARDS,
                        Judgement.Status.NOT_YET)


def _terms(today: date) -> list[tuple[str, date, date]]:
    """The three school terms up to today's (England's usual shape: autumn from September to
    December, spring from January to Easter, summer from after Easter to July), by name."""
    terms = []
    for year in (today.year - 1, today.year):
        terms += [(f"Spring term {year}", date(year, 1, 5), date(year, 3, 27)),
                  (f"Summer term {year}", date(year, 4, 13), date(year, 7, 22)),
                  (f"Autumn term {year}", date(year, 9, 2), date(year, 12, 18))]
    return [t for t in terms if t[1] <= today][-3:]


# Each demo child's judgements at the two earlier terms, by area (the rest on track), with
# the key person's comment on the area that moved.
HISTORY = {
    "Amelia": ("grace.okafor", [{"CL": TOWARDS, "L": TOWARDS}, {"L": TOWARDS}],
               {"CL": "Talks in longer sentences now and tells us about her weekend.",
                "L": "Loves stories; beginning to join in with repeated refrains.",
                "PD": "Builds tall towers and rides the balance bike with confidence."}),
    "Leon": ("priya.shah", [{"CL": NOT_YET, "PSED": TOWARDS}, {"CL": TOWARDS}],
             {"CL": "Understands more English each week and names animals in Polish and "
                    "English.",
              "PSED": "Plays alongside friends and takes turns with help."}),
    "Noah": ("tom.baker", [{"M": TOWARDS}, {}],
             {"M": "Counts the cars on the bridge to five, pointing to each one.",
              "UW": "Waters the beans every morning and tells us how tall they are."}),
}

STATEMENTS = [
    ("CL", "three_and_four", "Joins in with songs and rhymes, and tells us what comes next."),
    ("CL", "birth_to_three", "Shows us what they want with words, signs or pointing."),
    ("PSED", "three_and_four", "Plays with one or two friends and shares ideas for the game."),
    ("PD", "three_and_four", "Climbs, balances and rides a trike or balance bike."),
]


def load_demo(setting, today: date) -> None:
    if AssessmentPoint.objects.filter(setting=setting).exists():
        return
    manager = User.objects.get(email="helen.carter@acorns.example")
    services.add_point(manager, setting, kind=AssessmentPoint.Kind.ENTRY, name="On entry",
                       starts_on=today - timedelta(days=365 * 3), ends_on=None)
    terms = [services.add_point(manager, setting, kind=AssessmentPoint.Kind.DATED, name=name,
                                starts_on=starts, ends_on=ends)
             for name, starts, ends in _terms(today)]
    framework = ProgressOptions.of(setting).framework
    bands = {b.code: b for b in framework.bands.all()}
    areas = {a.code: a for a in Area.objects.all()}
    for code, band, text in STATEMENTS:
        services.add_statement(manager, setting, area=areas[code], aspect=None,
                               band=bands[band], text=text)
    children = {c.first_name: c for c in Child.objects.filter(setting=setting)}
    for name, (key_person, history, comments) in HISTORY.items():
        child = children.get(name)
        if child is None:
            continue
        author = User.objects.get(email=f"{key_person}@acorns.example")
        for term, statuses in zip(terms[:2], history, strict=True):
            ends = term.ends_on or today
            assessment = services.start_assessment(author, child, term)
            day = min(ends - timedelta(days=10), today)
            evidence = list(Observation.objects.in_journal_of(child, staff=False)
                            .filter(observed_on__lte=day).values_list("pk", flat=True)[:1])
            inputs = [services.JudgementInput(
                area_id=j.area_id, aspect_id=j.aspect_id,
                status=statuses.get(j.area.code, ON),
                comment=comments.get(j.area.code, ""),
                evidence_ids=evidence if j.area.code in comments else [])
                for j in assessment.judgements.select_related("area")]
            services.save_assessment(author, assessment, inputs, assessed_on=day)
            services.share_assessment(author, assessment)
