"""The frameworks a setting tracks progress against, as shipped data (docs/architecture.md,
"Progress").

Both are non-statutory guidance for the EYFS; a setting chooses one (``ProgressOptions``). The
tables are filled by migration ``0002_frameworks_and_their_bands`` (which keeps its own frozen
copy, as data migrations must) and, in tests, by ``ensure_frameworks``. Each names its source
and licence; what is shipped of each is what its licence allows and this list holds:

- Development Matters (Department for Education, revised September 2023): its broad age
  bands. Crown copyright, under the Open Government Licence v3.0, which allows its text to be
  copied with this attribution.
- Birth to 5 Matters (the Early Years Coalition, 2021): the names of its six ranges, which are
  a best-fit description of where a child is, not ages. Its text is the Coalition's and is not
  copied here.

The published statements of either are not part of this list: a setting adds the statements it
uses (``SettingStatement``), and an operator may load the Development Matters statements from
the Department's publication with ``manage.py load_statements`` (its licence allows that).
"""

from django.utils.translation import gettext_noop

from progress.constants import BIRTH_TO_5_MATTERS, DEVELOPMENT_MATTERS

# (code, name, publisher, source, licence, licence URL, bands: (code, name, from, to months))
FRAMEWORKS = [
    (DEVELOPMENT_MATTERS, gettext_noop("Development Matters"),
     "Department for Education, revised September 2023",
     "https://www.gov.uk/government/publications/development-matters--2",
     "Crown copyright, Open Government Licence v3.0",
     "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
     [("birth_to_three", gettext_noop("Birth to three"), 0, 36),
      ("three_and_four", gettext_noop("3 and 4-year-olds"), 36, 60)]),
    (BIRTH_TO_5_MATTERS, gettext_noop("Birth to 5 Matters"),
     "The Early Years Coalition, 2021",
     "https://birthto5matters.org.uk/",
     "The Early Years Coalition's; only the names of the ranges are used",
     "https://birthto5matters.org.uk/",
     [("range_1", gettext_noop("Range 1"), None, None),
      ("range_2", gettext_noop("Range 2"), None, None),
      ("range_3", gettext_noop("Range 3"), None, None),
      ("range_4", gettext_noop("Range 4"), None, None),
      ("range_5", gettext_noop("Range 5"), None, None),
      ("range_6", gettext_noop("Range 6"), None, None)]),
]


def ensure_frameworks():
    """Create the framework rows that are missing (idempotent): the migration loads them; this
    restores them where a test database was flushed by a transactional test."""
    from progress.models import Band, Framework

    for code, name, publisher, source, licence, licence_url, bands in FRAMEWORKS:
        framework, _ = Framework.objects.get_or_create(code=code, defaults={
            "name": name, "publisher": publisher, "source_url": source, "licence": licence,
            "licence_url": licence_url})
        for order, (band_code, band_name, from_months, to_months) in enumerate(bands, start=1):
            Band.objects.get_or_create(framework=framework, code=band_code, defaults={
                "name": band_name, "order": order, "from_months": from_months,
                "to_months": to_months})
