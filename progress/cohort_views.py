"""The managers' cohort view and its exports (progress.view_cohort: the setting's managers).

The figures are aggregates (progress/cohort.py): no child is named, so the exports do not ask
for the password again as the complaints record does; each export is in the audit trail. The
PDF is made in the request: for 120 children and six points, a median of 0.15 s for the whole
cohort and 0.45 to 0.65 s for a grouping on a quiet 2-core machine (bench/README.md, "The
cohort view"); if that grows, it belongs in a task, as the progress check's PDF is.
"""

import csv
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from families.models import Room
from preschool.lib.downloads import csv_cell, download
from preschool.lib.pdf import render_pdf
from preschool.models import log_action
from preschool.permissions import require_perm
from progress.cohort import (
    DIMENSIONS,
    AreaFigures,
    Cell,
    Change,
    Cohort,
    cohort_figures,
    rooms_of,
)
from progress.constants import MIN_GROUP_SIZE


class CohortForm(forms.Form):
    dimension = forms.ChoiceField(label=gettext_lazy("Compare groups by"), required=False,
                                  choices=[(code, d.label) for code, d in DIMENSIONS.items()])
    room = forms.ChoiceField(label=gettext_lazy("Children of"), required=False,
                             error_messages={"invalid_choice": gettext_lazy(
                                 "Choose a room from the list.")})

    def __init__(self, *args, rooms: list[Room], **kwargs):
        super().__init__(*args, **kwargs)
        self.rooms = {str(r.uuid): r for r in rooms}
        room_field = self.fields["room"]
        assert isinstance(room_field, forms.ChoiceField)
        room_field.choices = [("", _("Every room")),
                                       *((key, r.name) for key, r in self.rooms.items())]
        self.fields["dimension"].error_messages["invalid_choice"] = _(
            "Choose a grouping from the list.")


def _cohort(request) -> tuple[CohortForm, Cohort]:
    """The figures the request asks for; with a choice that is not on the lists, the form's
    message and the whole cohort of every room."""
    rooms = rooms_of(request.setting)
    form = CohortForm(request.GET or None, rooms=rooms)
    dimension, room = DIMENSIONS[""], None
    if form.is_valid():
        dimension = DIMENSIONS[form.cleaned_data["dimension"]]
        room = form.rooms.get(form.cleaned_data["room"])
    return form, cohort_figures(request.setting, dimension, room, rooms=rooms)


def _context(cohort: Cohort) -> dict:
    return {"cohort": cohort, "min_group_size": MIN_GROUP_SIZE}


def _query(cohort: Cohort) -> str:
    return urlencode({"dimension": cohort.dimension.code,
                      "room": str(cohort.room.uuid) if cohort.room else ""})


def _audit(request, cohort: Cohort, kind: str) -> None:
    log_action(request.user, "progress.cohort_exported", setting=request.setting,
               changes={"format": kind, "grouping": cohort.dimension.code or "whole",
                        "room": cohort.room.name if cohort.room else "",
                        "points": len(cohort.points)})


def _filename(cohort: Cohort, ext: str) -> str:
    return (f"progress-{cohort.dimension.code or 'cohort'}-"
            f"{timezone.localdate().isoformat()}.{ext}")


@login_required
@require_GET
@require_perm("progress.view_cohort")
def cohort(request) -> HttpResponse:
    """The share of children on track in each area at each point, for the setting or a room,
    by a grouping of the children, with the gaps between groups and how they changed."""
    form, figures = _cohort(request)
    words = Words()
    return render(request, "progress/cohort/cohort.html", {
        **_context(figures), "form": form, "export_query": _query(figures),
        "sections": [{"area": area, "chart": chart(figures, area),
                      "table": table(figures, area, words)} for area in figures.areas]})


@dataclass(frozen=True)
class Words:
    """The words of a table's cells, translated once for the page (a table has some two
    hundred cells, a page seven tables)."""

    share: str = field(default_factory=lambda: _("(%(on_track)s of %(assessed)s)"))
    counts: str = field(default_factory=lambda: _("%(on_track)s of %(assessed)s"))
    no_share: str = field(default_factory=lambda: _("(no percentage)"))
    none: str = field(default_factory=lambda: _("none assessed"))


def _cell(header: str, cell: Cell, words: Words) -> dict:
    """A cell as it is shown: the share in bold with its counts, or only the counts for a
    small group. Prepared here, not in the template."""
    counts = {"on_track": cell.on_track, "assessed": cell.assessed}
    if cell.share is not None:
        return {"point": header, "main": f"{cell.share}%", "detail": words.share % counts}
    if cell.assessed:
        return {"point": header, "main": "", "counts": words.counts % counts,
                "detail": words.no_share}
    return {"point": header, "main": "", "detail": words.none}


def _change(change: Change) -> dict:
    return {"arrow": change.arrow, "words": change.words}


def table(cohort: Cohort, area: AreaFigures, words: Words | None = None) -> dict:
    """An area's table: a row for each group and all children, then its gaps."""
    words = words or Words()
    headers = [f"{n}. {point.name}" for n, point in enumerate(cohort.points, start=1)]
    rows = [{"label": row.label, "whole": row is area.whole,
             "cells": [_cell(h, c, words) for h, c in zip(headers, row.cells, strict=True)],
             "change": _change(row.change)} for row in area.rows]
    gaps = [{"label": _("Gap: %(label)s") % {"label": gap.label},
             "cells": [{"point": h, "main": "", "counts": value, "detail": ""}
                       for h, value in zip(headers, gap.signed, strict=True)],
             "change": _change(gap.change)} for gap in area.gaps]
    return {"headers": headers, "rows": rows, "gaps": gaps,
            "caption": _("Children on track in %(area)s, by group and assessment point") % {
                "area": area.area.label}}


@login_required
@require_GET
@require_perm("progress.view_cohort")
def cohort_pdf(request) -> HttpResponse:
    """The same figures as a PDF, for the local authority or Ofsted."""
    _form, figures = _cohort(request)
    words = Words()
    pdf = render_pdf("pdf/progress_cohort.html", {
        **_context(figures), "setting": request.setting, "generated_at": timezone.now(),
        "sections": [{"area": area, "table": table(figures, area, words)}
                     for area in figures.areas],
        "title": _("Progress across the setting")})
    _audit(request, figures, "pdf")
    return download(pdf, content_type="application/pdf", filename=_filename(figures, "pdf"))


@login_required
@require_GET
@require_perm("progress.view_cohort")
def cohort_csv(request) -> HttpResponse:
    """The same figures as CSV: a row for each area, group (or gap) and point, then each
    one's change. Names (rooms, points) go through ``csv_cell``; the numbers are numbers."""
    _form, figures = _cohort(request)
    response = download(content_type="text/csv; charset=utf-8",
                        filename=_filename(figures, "csv"))
    writer = csv.writer(response)
    small = _("fewer than %(count)s children: no percentage") % {"count": MIN_GROUP_SIZE}
    change = _("Change from the first point with figures to the latest")
    writer.writerow([_("Area"), _("Group or gap"), _("Assessment point"),
                     _("Children assessed"), _("Children on track"),
                     _("Share on track (%)"), _("Gap (percentage points)"), _("Note")])
    for area in figures.areas:
        for row in area.rows:
            for point, cell in zip(figures.points, row.cells, strict=True):
                writer.writerow([csv_cell(area.area.label), csv_cell(row.label),
                                 csv_cell(point.name), cell.assessed, cell.on_track,
                                 "" if cell.share is None else cell.share, "",
                                 small if cell.small else ""])
            writer.writerow([csv_cell(area.area.label), csv_cell(row.label), change, "", "",
                             _number(row.change.points), "", ""])
        for gap in area.gaps:
            for point, value in zip(figures.points, gap.gaps, strict=True):
                writer.writerow([csv_cell(area.area.label), csv_cell(gap.label),
                                 csv_cell(point.name), "", "", "", _number(value), ""])
            writer.writerow([csv_cell(area.area.label), csv_cell(gap.label), change, "", "",
                             "", _number(gap.change.points), ""])
    _audit(request, figures, "csv")
    return response


def _number(value: int | None) -> int | str:
    return "" if value is None else value


# --- The chart ------------------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_TOP, CHART_BOTTOM = 320, 150, 34, 8, 126
# Each line's dashes and marker differ, so that no group is told apart by colour alone.
LINE_STYLES = [("", "circle"), ("6 3", "square"), ("2 3", "diamond"), ("10 3 2 3", "triangle"),
               ("1 2", "circle"), ("8 2 2 2 2 2", "square")]


def chart(cohort: Cohort, area) -> dict:
    """An SVG line chart of an area: the share on track across the points, a line for each
    group (and all children); a point without a share (a small group) is left out. Its text
    alternative says every figure the lines show."""
    count = len(cohort.points)
    step = (CHART_WIDTH - CHART_LEFT - 10) / max(count - 1, 1)

    # Coordinates as text: the template prints them as they are, not as localised numbers.
    def x(i: int) -> str:
        return f"{CHART_LEFT + (i * step if count > 1 else step / 2):.1f}"

    def y(share: int) -> str:
        return f"{CHART_BOTTOM - (CHART_BOTTOM - CHART_TOP) * share / 100:.1f}"

    with_share, no_share, none = (_("%(point)s: %(share)s%%"), _("%(point)s: no percentage"),
                                  _("%(point)s: none assessed"))
    lines, texts = [], []
    for n, row in enumerate(area.rows):
        whole = row is area.whole
        dash, marker = ("", "big") if whole else LINE_STYLES[n % len(LINE_STYLES)]
        dots = [(x(i), y(s)) for i, s in enumerate(row.shares) if s is not None]
        lines.append({"label": row.label, "dash": dash, "n": n % len(LINE_STYLES),
                      "whole": whole,
                      "markers": " ".join(_marker(marker, px, py) for px, py in dots),
                      "path": " ".join(f"{'M' if k == 0 else 'L'}{px} {py}"
                                       for k, (px, py) in enumerate(dots))})
        figures = ", ".join(
            with_share % {"point": p.name, "share": c.share}
            if c.share is not None else no_share % {"point": p.name}
            if c.assessed else none % {"point": p.name}
            for p, c in zip(cohort.points, row.cells, strict=True))
        texts.append(f"{row.label}: {figures}")
    return {"area": area.area, "lines": lines, "width": CHART_WIDTH, "height": CHART_HEIGHT,
            "axis": [{"x": x(i), "number": i + 1} for i in range(count)],
            "grid": [{"y": y(v), "label": f"{v}%"} for v in (0, 50, 100)],
            "left": str(CHART_LEFT), "label_x": str(CHART_LEFT - 4),
            "label_y": str(CHART_BOTTOM + 16), "right": str(CHART_WIDTH - 4),
            "text": _("Share of children on track in %(area)s at each point. %(figures)s.") % {
                "area": area.area.label, "figures": "; ".join(texts)}}


def _marker(shape: str, at_x: str, at_y: str) -> str:
    """A marker at (x, y) as a path: a circle, square, diamond or triangle (bigger for all
    children)."""
    x, y = float(at_x), float(at_y)
    if shape == "square":
        return f"M{x - 3:.1f} {y - 3:.1f}h6v6h-6z"
    if shape == "diamond":
        return f"M{at_x} {y - 4:.1f}l4 4l-4 4l-4 -4z"
    if shape == "triangle":
        return f"M{at_x} {y - 4:.1f}l4 7h-8z"
    r = 4.5 if shape == "big" else 3
    return f"M{x - r:.1f} {at_y}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0z"
