"""Plain text with a few conventions, shown as HTML: policies and the partnership agreement.

- A line starting with "## " is a heading; in a policy, the headings are the sections
  families comment on.
- A line starting with "- " is a bullet point; an indented line after it continues it.
- A blank line starts a new paragraph. Other line breaks only wrap the source text: the
  lines of a paragraph are joined, so the browser wraps them to the width of the screen
  (a line break typed at 80 characters would otherwise break a sentence in two on a phone).

Every piece of the text is escaped (``django.utils.html.escape``) before any tag is put
around it, so whatever someone types - HTML, a script - is shown as text, never run.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HEADING = "## "
# Headings inside a page sit below its title in size (Bootstrap's type scale).
HEADING_CLASSES = {2: "h5 mt-4", 3: "h6 mt-3"}
BULLET = "- "


def _heading(line: str) -> str | None:
    if line.startswith(HEADING) and line[len(HEADING):].strip():
        return line[len(HEADING):].strip()
    return None


def sections(text: str) -> list[str]:
    """The section headings of ``text``, in order (repeated headings once)."""
    found = []
    for line in (text or "").splitlines():
        heading = _heading(line)
        if heading and heading not in found:
            found.append(heading)
    return found


def section_anchor(index: int) -> str:
    return f"section-{index}"


def render(text: str, heading_level: int = 2) -> SafeString:
    """``text`` as HTML: escaped first, then wrapped in headings, paragraphs and lists."""
    out: list[str] = []
    paragraph: list[str] = []
    bullets: list[str] = []
    count = 0

    def end_paragraph() -> None:
        if paragraph:
            out.append("<p>" + " ".join(paragraph) + "</p>")
            paragraph.clear()

    def end_list() -> None:
        if bullets:
            out.append("<ul>" + "".join(f"<li>{b}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    for raw in (text or "").splitlines():
        stripped = raw.strip()
        heading = _heading(raw)
        if not stripped:
            end_paragraph()
            end_list()
        elif heading:
            end_paragraph()
            end_list()
            count += 1
            out.append(f'<h{heading_level} class="{HEADING_CLASSES.get(heading_level, "")}" '
                       f'id="{section_anchor(count)}">{escape(heading)}</h{heading_level}>')
        elif stripped.startswith(BULLET):
            end_paragraph()
            bullets.append(escape(stripped[len(BULLET):].strip()))
        elif bullets and raw[:1].isspace():
            bullets[-1] += " " + escape(stripped)
        else:
            end_list()
            paragraph.append(escape(stripped))
    end_paragraph()
    end_list()
    # Safe: every piece of user text above went through escape() before being wrapped.
    return mark_safe("\n".join(out))  # noqa: S308
