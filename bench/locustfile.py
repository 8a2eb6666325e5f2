"""The 08:30 to 09:15 rush of a pre-school, for locust (run by bench/capacity.py).

Each simulated person is one of the plan's (bench/capacity_plan.py, a JSON file named by
``CAPACITY_PLAN``), signed in by the session cookie the plan gives them. Their morning:

- a family (60 a setting) opens the home page, their child's journal (and its side column,
  as the browser asks for it), the messages and their conversation; one in five adds a wow
  moment from home (the form, then the post), half of them with a photo;
- the register practitioner of each room opens the register and signs in each child as they
  arrive (the htmx tap, then the ratio banner's reload), opens the register again every five
  minutes and, near the end, signs out one child collected early (the sign-out panel, then
  the tap);
- the other practitioner of each room records a dose of a child's medicine and posts two
  observations, each with a photo (the form, then publish).

Arrivals follow a triangle over the window, busiest a third of the way in. The 45 minutes
are compressed ``CAPACITY_SPEEDUP`` times (think times too). Every response is checked (its
status and a marker in the page); a failed check is counted as a failure by locust. Locust
runs with gevent: this file must not import Django.
"""

import contextlib
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, constant, task
from rush import (
    DOSES_PER_PRACTITIONER,
    EARLY_COLLECTIONS,
    OBSERVATIONS_PER_PRACTITIONER,
    REGISTER_EVERY,
    WINDOW,
    WOW_PHOTO_SHARE,
    WOW_SHARE,
    Forms,
)

SPEEDUP = float(os.environ.get("CAPACITY_SPEEDUP", "10"))
PLAN = (json.loads(Path(os.environ["CAPACITY_PLAN"]).read_text())
        if "CAPACITY_PLAN" in os.environ else [])
PHOTO = (Path(os.environ["CAPACITY_PHOTO"]).read_bytes()
         if os.environ.get("CAPACITY_PHOTO") else b"")
HTMX = {"HX-Request": "true"}


def _people(kind):
    return iter([p for p in PLAN if p["kind"] == kind])


QUEUES = {kind: _people(kind) for kind in ("family", "register", "practitioner")}


def pause(seconds: float) -> None:
    """Wait ``seconds`` of the rush's time (compressed)."""
    time.sleep(max(0.0, seconds / SPEEDUP))


def arrivals(count: int) -> list[float]:
    """When ``count`` families arrive in the window: a triangle, busiest a third of the way."""
    return sorted(random.triangular(0, WINDOW, WINDOW / 3) for _ in range(count))


class Person(HttpUser):
    abstract = True
    wait_time = constant(WINDOW)
    kind = ""

    def on_start(self):
        self.me = next(QUEUES[self.kind])
        self.started = time.monotonic()

    def at(self, moment: float) -> None:
        """Wait until ``moment`` seconds into the rush."""
        pause(moment - (time.monotonic() - self.started) * SPEEDUP)

    def request(self, method: str, url: str, *, name: str, marker: str = "",
                redirected: str = "", htmx: bool = False, **kwargs) -> str:
        """One request, checked: status 200 and the marker in the page; or, for a form that
        redirects when it is accepted, a redirect to an address containing ``redirected``,
        then the page it leads to (as a browser follows it)."""
        # The portal's cookies are Secure (it runs with DEBUG off): a client over plain HTTP
        # does not send them back, so each request carries the plan's session and CSRF
        # cookies itself (the session's key does not change) and locust's jar is emptied.
        self.client.cookies.clear()
        headers = {"Cookie": self.me["cookie"], **(HTMX if htmx else {})}
        if method == "POST":
            headers["Referer"] = f"{self.host}{url}"
        with self.client.request(method, url, name=name, headers=headers, catch_response=True,
                                 allow_redirects=False, **kwargs) as response:
            text = response.text or ""
            location = response.headers.get("Location", "")
            if redirected:
                if response.status_code != 302 or redirected not in location:
                    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
                    response.failure(f"not accepted ({response.status_code}): {plain[-300:]}")
                    return text
            elif response.status_code != 200:
                response.failure(f"status {response.status_code} {location}")
            elif marker and marker not in text:
                response.failure(f"marker {marker!r} missing")
        if redirected:
            return self.request("GET", location, name=f"{name}: the page after")
        return text

    def post_form(self, url, form, *, name, data=None, files=None, redirected="", marker="",
                  htmx=False):
        fields = dict(form["fields"])
        fields.update({k: [v] if isinstance(v, str) else v for k, v in (data or {}).items()})
        return self.request("POST", form["action"] or url, name=name, data=fields, files=files,
                            redirected=redirected, marker=marker, htmx=htmx)

    def rest(self):
        pause(random.uniform(5, 20))


class Family(Person):
    kind = "family"
    weight = 60

    @task
    def morning(self):
        me = self.me
        self.at(random.triangular(0, WINDOW, WINDOW / 3))
        self.request("GET", "/", name="family: home", marker=me["child_name"])
        self.rest()
        journal = f"/journal/children/{me['child']}/"
        self.request("GET", journal, name="family: journal", marker=me["child_name"])
        self.request("GET", journal + "side/", name="family: journal side column", htmx=True)
        self.rest()
        self.request("GET", "/messages/", name="family: messages",
                     marker=f"/messages/{me['conversation']}/")
        self.rest()
        self.request("GET", f"/messages/{me['conversation']}/", name="family: conversation",
                     marker='name="text"')
        if random.random() < WOW_SHARE:
            self.rest()
            url = f"{journal}wow/new/"
            page = self.request("GET", url, name="family: wow moment form", marker='name="text"')
            form = Forms(page).find(field="text")
            files = ({"media": ("IMG_0001.jpg", PHOTO, "image/jpeg")}
                     if PHOTO and random.random() < WOW_PHOTO_SHARE else None)
            pause(60)
            self.post_form(url, form, name="family: add wow moment", files=files,
                           data={"text": "She counted all the stairs up to bed tonight!"},
                           redirected="/observations/")


class Register(Person):
    """The practitioner with the room's register on a tablet."""

    kind = "register"
    weight = 3

    @task
    def morning(self):
        me = self.me
        register = f"/attendance/register/{me['room']}/"
        rows = {}

        def open_register():
            page = self.request("GET", register, name="staff: register", marker="data-tap-row")
            forms = Forms(page)
            for child in me["children"]:
                with contextlib.suppress(LookupError):  # not when already signed in
                    rows[child] = forms.find(f"/children/{child}/sign-in/")
            return page

        open_register()
        next_look = REGISTER_EVERY
        signed_in = []
        for moment, child in zip(arrivals(len(me["children"])), me["children"], strict=True):
            while next_look < moment:
                self.at(next_look)
                open_register()
                next_look += REGISTER_EVERY
            self.at(moment)
            form = rows.get(child)
            if form is None:
                continue
            name, value = form["buttons"][0]
            row = self.post_form(register, form, name="staff: sign in (tap)",
                                 data={name: value}, htmx=True, marker="/sign-out/")
            self.request("GET", f"{register}ratio/", name="staff: ratio banner", htmx=True)
            signed_in.append((child, row))
        for _child, row in signed_in[:EARLY_COLLECTIONS]:
            self.at(WINDOW - 60)
            match = re.search(r'"(/collection/records/[^"]+/sign-out/)"', row)
            if match is None:
                continue
            panel = self.request("GET", match.group(1), name="staff: sign-out panel",
                                 htmx=True, marker="collector")
            form = Forms(panel).find("/sign-out/")
            name, value = form["buttons"][0]
            self.post_form(match.group(1), form, name="staff: sign out (tap)",
                           data={name: value}, htmx=True, marker="data-tap-row")


class Practitioner(Person):
    """A key person: a dose of medicine and observations with photos."""

    kind = "practitioner"
    weight = 3

    @task
    def morning(self):
        me = self.me
        moments = sorted(random.uniform(0, WINDOW - 120) for _ in range(
            OBSERVATIONS_PER_PRACTITIONER + DOSES_PER_PRACTITIONER))
        jobs = ["dose"] * DOSES_PER_PRACTITIONER + ["observation"] * OBSERVATIONS_PER_PRACTITIONER
        random.shuffle(jobs)
        for moment, job in zip(moments, jobs, strict=True):
            self.at(moment)
            if job == "dose" and me["medicine"]:
                self.dose(random.choice(me["medicine"]))
            elif job == "observation":
                self.observation(random.choice(me["children"]))

    def dose(self, child):
        url = f"/consents/children/{child}/doses/new/"
        page = self.request("GET", url, name="staff: dose form", marker='name="witnessed_by"')
        form = Forms(page).find(field="witnessed_by")
        permission = [v for v in form["options"].get("permission", []) if v][:1]
        given_by = form["fields"].get("given_by", [""])
        witnesses = [v for v in form["options"].get("witnessed_by", []) if v and v not in given_by]
        pause(45)
        self.post_form(url, form, name="staff: record dose", redirected="/consents/children/",
                       data={"permission": permission, "dose_amount": "2", "dose_unit": "puff",
                             "witnessed_by": witnesses[:1],
                             "reason": "Wheezy after running outside."})

    def observation(self, child):
        url = f"/journal/observations/new/?child={child}"
        page = self.request("GET", url, name="staff: observation form", marker='name="text"')
        form = Forms(page).find(field="text")
        areas = [v for v in form["options"].get("areas", []) if v][:1]
        pause(90)
        self.post_form(url, form, name="staff: publish observation with photo",
                       redirected="/journal/observations/",
                       files={"media": ("IMG_0002.jpg", PHOTO, "image/jpeg")} if PHOTO else None,
                       data={"text": "Built a den with the big blocks and invited a friend in.",
                             "areas": areas, "action": "publish"})


def fixed_counts() -> None:
    """Exactly the plan's people of each kind (locust's ``fixed_count``)."""
    for user_class in (Family, Register, Practitioner):
        user_class.fixed_count = sum(1 for p in PLAN if p["kind"] == user_class.kind)


fixed_counts()
