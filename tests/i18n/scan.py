"""Finds text in templates that a person reads but that is not marked for translation.

    python -m tests.i18n.scan [template folder or file ...]

Text outside ``{% translate %}``/``{% blocktranslate %}``, the attributes a person reads or
hears (alt, title, aria-label, placeholder, a button's value), literal strings handed to
``{% include ... with %}`` and to the ``default``/``yesno`` filters. Scripts, styles,
comments and the content of ``{% verbatim %}`` are not text a person reads here (the
portal's scripts take their strings from the page).
"""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description", "label",
                   "aria-valuetext", "aria-roledescription"}
WORD = re.compile(r"[^\W\d_]{2,}")
HOLE = "\x00"  # where a template tag or variable stood
# Bootstrap's colour names, handed to templates as CSS classes ({{ tags|default:"info" }}),
# and an input's type ({{ attrs.type|default:"text" }}).
CLASS_NAMES = {"info", "primary", "secondary", "success", "danger", "warning", "light", "dark",
               "text", "hidden", "submit", "button"}
SKIP_SUFFIXES = {".js", ".css", ".webmanifest", ".json", ".svg"}
# A literal handed to an include or filter: with label="...", default:"...", yesno:"..."
LITERAL_ARG = re.compile(
    r"""(?:\b(\w+)=|\|default:|\|yesno:)(?<!_\()("[^"]*"|'[^']*')""")
# Include arguments that name things rather than say them: an anchor, an id, a CSS class.
NAMING_ARGUMENTS = {"anchor", "id", "button_id", "page_layout", "place", "tags", "name", "css",
                    "css_class", "icon", "variant", "kind", "target", "prefix", "field",
                    "url_name", "tag", "level"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES:
                self._check(value)
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self._check(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self._check(data)

    def _check(self, text):
        text = text.replace(HOLE, " ")
        if WORD.search(text):
            self.found.append(" ".join(text.split()))


def unmarked(source: str) -> list[str]:
    """The pieces of ``source`` (a template's text) a person reads that are not marked."""
    parts: list[str] = []
    found: list[str] = []
    skipping: str | None = None  # the end tag of a block whose content is not checked
    for token in Lexer(source).tokenize():
        content = token.contents.strip()
        if skipping:
            if token.token_type == TokenType.BLOCK and content.split()[:1] == [skipping]:
                skipping = None
            parts.append(HOLE)
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents.replace(HOLE, ""))
            continue
        if token.token_type == TokenType.BLOCK:
            name = content.split()[0] if content else ""
            # allauth's setvar builds mark-up (classes, attributes) in its element templates.
            if name in ("blocktranslate", "blocktrans", "comment", "verbatim", "setvar"):
                skipping = "end" + name
            elif name == "block" and content.split()[1:2] == ["style"]:
                skipping = "endblock"  # CSS of a PDF
            elif name in ("include", "firstof") or "|default:" in content or "|yesno:" in content:
                for argument, literal in LITERAL_ARG.findall(content):
                    text = literal[1:-1]
                    if argument in NAMING_ARGUMENTS:
                        continue
                    if (WORD.search(text) and not text.endswith((".html", ".txt"))
                            and text not in CLASS_NAMES):
                        found.append(text)
        elif token.token_type == TokenType.VAR:
            for _argument, literal in LITERAL_ARG.findall("|" + content.split("|", 1)[-1]):
                if WORD.search(literal[1:-1]) and literal[1:-1] not in CLASS_NAMES:
                    found.append(literal[1:-1])
        parts.append(HOLE)
    # A tag or variable inside an element's tag (<tr{% if a %} class="x"{% endif %}>) is
    # a space there, not the end of the tag's name.
    text = re.sub(r"<[^<>]*>", lambda tag: tag.group(0).replace(HOLE, " "), "".join(parts))
    parser = _Text()
    parser.feed(text)
    parser.close()
    return found + parser.found


def templates(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        files += [f for f in candidates if f.is_file() and f.suffix not in SKIP_SUFFIXES]
    return files


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [TEMPLATES]
    count = 0
    for template in templates(paths):
        for text in unmarked(template.read_text()):
            count += 1
            print(f"{template.relative_to(ROOT) if template.is_absolute() else template}: {text}")
    print(f"{count} unmarked", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
