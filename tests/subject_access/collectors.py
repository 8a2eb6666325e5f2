"""Collectors for the tests: the builder calls whatever is in ``CHILD_COLLECTORS`` /
``ADULT_COLLECTORS`` (subject_access/collect/), so the tests put these there with
``monkeypatch``. ``journal_for_child`` follows the rule the journal's own collector uses: a
photo is in the bundle only if the person it is released to may see it
(``learning_journal.visibility.visible_media_map``)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile, FileField

from learning_journal.models import Media, Observation
from learning_journal.visibility import visible_media_map
from subject_access.parts import BundleFile, Part


def record_for_child(child, recipient) -> Part:
    """A part with two records, a stored file and a made one, and one thing withheld."""
    name = default_storage.save("tests/note.jpg", ContentFile(b"\xff\xd8stored-photo"))
    stored = FieldFile(None, FileField(), name)  # type: ignore[arg-type]  # no model: a test file
    return Part(
        key="record", title="The child's record",
        records=[{"name": child.full_name, "date_of_birth": child.date_of_birth,
                  "allergies": "Peanuts (severe)"},
                 {"record_type": "settling_in_visit", "name": child.full_name,
                  "note": "Started in the Caterpillars room", "kind": "visit",
                  "kind_display": "A settling-in visit", "seen_at": "2026-03-02T09:30:00+00:00",
                  "brought_teddy": True, "comment": ""}],
        files=[BundleFile(path="record/photos/first-day.jpg", file=stored),
               BundleFile(path="../../etc/passwd", content=b"made for the bundle")],
        withheld=["1 note by staff, kept private: a staff member's private note"])


def adult_record(user, setting) -> Part:
    return Part(key="account", title="Your account",
                records=[{"name": user.full_name, "email": user.email}])


def journal_for_child(child, recipient) -> Part:
    observations = list(Observation.objects.in_journal_of(child, staff=False)
                        .select_related("setting").order_by("observed_on", "pk"))
    visible = (visible_media_map(observations, recipient) if recipient is not None
               else {o.pk: [] for o in observations})
    total = Media.objects.filter(observation__in=observations, removed_at__isnull=True).count()
    part = Part(key="journal", title="Learning journal")
    for observation in observations:
        shown = visible[observation.pk]
        part.records.append({"observed_on": observation.observed_on, "text": observation.text,
                             "photos": [f"journal/photos/{m.uuid}.jpg" for m in shown]})
        part.files += [BundleFile(path=f"journal/photos/{m.uuid}.jpg", file=m.file)
                       for m in shown]
    left_out = total - sum(len(v) for v in visible.values())
    if left_out:
        part.withheld.append(f"{left_out} photo(s) also showing another child whose family "
                             "has not agreed to photos seen by other families")
    return part
