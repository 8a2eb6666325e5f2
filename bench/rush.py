"""The morning rush the capacity benchmark plays (bench/locustfile.py), in numbers; shared by
the load test and its runner (bench/capacity.py), and free of Django and of locust (locust
patches the standard library with gevent when imported)."""

from html.parser import HTMLParser

WINDOW = 45 * 60  # seconds, 08:30 to 09:15
FAMILIES, ROOMS, CHILDREN = 60, 3, 60  # a seed_scale setting
WOW_SHARE, WOW_PHOTO_SHARE = 0.2, 0.5  # families who add a wow moment; of those, with a photo
OBSERVATIONS_PER_PRACTITIONER, DOSES_PER_PRACTITIONER = 2, 1
EARLY_COLLECTIONS = 1  # a room's children collected before the end of the window
REGISTER_EVERY = 5 * 60  # the register is opened again this often (seconds)


def requests_per_setting() -> float:
    """The requests one setting's people make in the window, on average."""
    # Home, journal and its side column, the messages, the conversation; a wow moment is the
    # form, its post and the page it leads to.
    family = 5 + WOW_SHARE * 3
    # Each child's tap and the ratio banner's reload; the register opened every five
    # minutes; an early collection is the sign-out panel and its tap.
    register = (CHILDREN * 2 + ROOMS * (WINDOW // REGISTER_EVERY + 1)
                + ROOMS * EARLY_COLLECTIONS * 2)
    # A dose or an observation: the form, its post and the page it leads to.
    practitioner = ROOMS * 3 * (OBSERVATIONS_PER_PRACTITIONER + DOSES_PER_PRACTITIONER)
    return FAMILIES * family + register + practitioner


class Forms(HTMLParser):
    """The forms of a page as a browser sees them: each one's action, the values it would
    send as it stands (hidden inputs, filled inputs, checked boxes, chosen options) and its
    submit buttons' names and values."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": {}, "buttons": [],
                               "options": {}})
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                form["options"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form["fields"].setdefault(name, []).append(a.get("value", "on"))
            elif kind == "submit":
                form["buttons"].append((name, a.get("value", "")))
            elif kind != "file":
                form["fields"][name] = [a.get("value") or ""]
        elif tag == "button" and name:
            form["buttons"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
            form["fields"][name] = []
        elif tag == "option" and self._select:
            form["options"].setdefault(self._select, []).append(a.get("value", ""))
            if "selected" in a:
                form["fields"][self._select] = [a.get("value", "")]
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"][name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea][0] += data

    def find(self, action_part: str = "", *, field: str = "") -> dict:
        for form in self.forms:
            if action_part in form["action"] and (not field or field in form["fields"]
                                                  or field in form["options"]):
                return form
        raise LookupError(f"no form {action_part!r} {field!r}")
