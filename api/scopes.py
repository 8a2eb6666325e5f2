"""What a personal access token may be used for: one scope a kind of data and a direction.

A token carries the person's own rights (the same rules as the pages) narrowed to its scopes;
a signed-in browser session (the portal's own pages calling the API, offline capture) carries
every scope. A new token has only the read scopes ticked (``READ_SCOPES``).
"""

from django.utils.translation import gettext_lazy as _

SCOPES: dict[str, object] = {
    "children:read": _("Read children: names, rooms, dates and who their key person is"),
    "register:read": _("Read the register: who is in today"),
    "register:write": _("Sign children in and out"),
    "attendance:read": _("Read attendance history"),
    "observations:read": _("Read learning journal observations and their photos"),
    "observations:write": _("Add observations, with photos"),
    "consents:read": _("Read consents"),
    "messages:read": _("Read messages"),
    "messages:write": _("Send messages"),
    "news:read": _("Read news posts"),
    "progress:read": _("Read children's progress: assessments and their plain-words summaries"),
    "progress:write": _("Comment on a child's progress (the family's comment)"),
}

READ_SCOPES = [name for name in SCOPES if name.endswith(":read")]
# A family's own writes, made signed in from the portal's pages (a session carries every scope):
# no token carries them, for a family's token only reads and staff do not make them.
FAMILY_WRITE_SCOPES = ["progress:write"]
