"""What other apps add to the journal, through plain function lists (no signals).

- The progress check at two, prefilled: ``register_check_prefill(func)``; ``func(child)``
  returns ``{area code: {"progress": "expected" | "less", "strengths": str}}`` for some of the
  prime areas, or ``{}``. A NEW check starts with it (a correction copies the version it
  corrects instead); the first provider to say something of an area wins. The progress app
  registers the child's latest shared assessment (issue item 5), as the journal may not import
  it (the journal is below progress).
"""

from collections.abc import Callable

CheckPrefill = Callable[[object], dict[str, dict[str, str]]]

CHECK_PREFILLS: list[CheckPrefill] = []


def register_check_prefill(func: CheckPrefill) -> CheckPrefill:
    if func not in CHECK_PREFILLS:
        CHECK_PREFILLS.append(func)
    return func


def check_prefill(child) -> dict[str, dict[str, str]]:
    """What the registered providers say of ``child``'s prime areas, by area code."""
    found: dict[str, dict[str, str]] = {}
    for provider in CHECK_PREFILLS:
        for code, values in provider(child).items():
            found.setdefault(code, values)
    return found
