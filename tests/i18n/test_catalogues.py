"""The translations: every template's text is marked, every shipped language's catalogue
is complete (nothing untranslated, nothing fuzzy, placeholders kept) and holds every
string of the code (docs/architecture.md, "Languages")."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from preschool.i18n import SOURCE_LANGUAGE
from tests.i18n.scan import ROOT, TEMPLATES, templates, unmarked

TRANSLATED = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]
LOCALE = ROOT / "locale"
# What `make messages` leaves out: the catalogues themselves, the tests, the demo's fixed
# texts, the benchmarks, the virtualenv and what runs make.
NOT_CODE = {"locale", ".venv", ".tools", ".git", "tests", "demo", "bench", "var",
            ".mypy_cache", ".ruff_cache", "node_modules"}


def catalogue(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language.replace("-", "_"))


def test_every_template_text_is_marked_for_translation():
    found = [f"{path.relative_to(ROOT)}: {text}"
             for path in templates([TEMPLATES]) for text in unmarked(path.read_text())]
    assert not found, "Text not marked for translation:\n" + "\n".join(found)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_is_complete(language):
    messages = [m for m in catalogue(language) if m.id]
    assert messages, f"{language}: an empty catalogue"
    fuzzy = [m.id for m in messages if m.fuzzy]
    untranslated = [m.id for m in messages if not _translated(m.string)]
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:20]}"
    assert not untranslated, f"{language}: {len(untranslated)} untranslated: {untranslated[:20]}"


def _translated(string: str | tuple[str, ...]) -> bool:
    """Every plural form is written (a plural message's string is a tuple)."""
    return all(string) if isinstance(string, tuple) else bool(string)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_keeps_every_placeholder(language):
    """A translation names the same %(placeholders)s and {placeholders} as its source,
    the check GNU msgfmt --check-format and Babel make (a missing one breaks the page)."""
    errors = [f"{message.id!r}: {', '.join(str(e) for e in message_errors)}"
              for message, message_errors in catalogue(language).check()]
    assert not errors, f"{language}:\n" + "\n".join(errors)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_header(language):
    po = catalogue(language)
    assert not po.fuzzy, f"{language}: the header is fuzzy (its plural forms would be ignored)"
    assert po.plural_forms, language


def _needs_gettext(program: str) -> None:
    if shutil.which(program) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"GNU gettext ({program}) is required in CI (apt-get install gettext).")
        pytest.skip(f"GNU gettext ({program}) is not installed")


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """`make messages` run now would add nothing: no string of the code is missing from the
    catalogues (so none is shown untranslated).

    makemessages writes to the `locale` folder beside the files it reads: it runs in a
    folder of links to the project's code, with copies of the catalogues, so that the
    checkout's catalogues are left as they are."""
    _needs_gettext("xgettext")
    tree = tmp_path / "tree"
    tree.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in NOT_CODE:
            (tree / entry.name).symlink_to(entry)
    for language in TRANSLATED:
        (tree / "locale" / language / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(LOCALE / language / "LC_MESSAGES" / "django.po",
                    tree / "locale" / language / "LC_MESSAGES" / "django.po")
    languages = [argument for language in TRANSLATED for argument in ("-l", language)]
    ignored = [argument for name in NOT_CODE for argument in ("--ignore", name)]
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "--symlinks", "--no-obsolete",
         "--add-location", "file", *languages, *ignored],
        cwd=tree, env={**os.environ, "DEBUG": "true"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for language in TRANSLATED:
        with open(tree / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as po:
            extracted = {m.id for m in read_po(po) if m.id}
        held = {m.id for m in catalogue(language) if m.id}
        missing = extracted - held
        # A plural's id is a (singular, plural) pair: sorted as text with the rest.
        assert not missing, (f"{language}: strings of the code missing from the catalogue "
                             f"(run `make messages` and translate them): "
                             f"{sorted(missing, key=str)[:20]}")


@pytest.mark.parametrize("language", TRANSLATED)
def test_msgfmt_accepts_the_catalogue(language, tmp_path):
    """GNU msgfmt, which Django's compilemessages runs, finds no error."""
    _needs_gettext("msgfmt")
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_shipped_fonts_carry_their_licence():
    fonts = Path(settings.BASE_DIR) / "static" / "fonts" / "noto"
    for family in ("NotoNastaliqUrdu", "NotoSansGurmukhi", "NotoSansBengali"):
        assert "SIL Open Font License" in (fonts / f"OFL-{family}.txt").read_text()
