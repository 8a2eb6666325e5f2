"""The register's ratio banner follows every tap: each tap's answer raises ``ratio-changed``
(HX-Trigger), and the banner then reloads itself from the room's ratio as it is now, so an
answer that was worked out earlier but arrives later cannot leave it stale."""

from django.urls import reverse

from attendance import services
from families.models import ChildAdult
from tests.attendance.factories import RecordFactory, ShiftFactory, all_day
from tests.factories import ChildFactory


def _ratio(world, persona="practitioner") -> str:
    response = world.client_for(persona).get(
        reverse("attendance-ratio", args=[world.room.uuid]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


class TestTheBanner:
    def test_it_answers_the_room_as_it_is_now(self, world):
        session = all_day(world)
        ShiftFactory(membership=world.memberships["practitioner"], room=world.room)
        assert "No children here: 1 on duty" in _ratio(world)
        for _ in range(3):
            child = ChildFactory(setting=world.setting_a, room=world.room)
            services.sign_in(world.users["key_person"], child, session=session,
                             dropped_off_by="Pat")
        html = _ratio(world)
        assert "3 children here (3 aged 3 and over): 1 adult needed, 1 on duty" in html
        assert "Ratio breach" not in html

    def test_it_shows_a_breach(self, world):
        RecordFactory(child=world.child, session=all_day(world))
        assert "Ratio breach" in _ratio(world)

    def test_the_register_banner_reloads_itself_on_each_tap_and_every_30_seconds(self, world):
        html = world.client_for("practitioner").get(
            reverse("attendance-register", args=[world.room.uuid])).content.decode()
        start = html.index('id="ratio-banner"')
        banner = html[start:html.index(">", start)]
        assert f'hx-get="{reverse("attendance-ratio", args=[world.room.uuid])}"' in banner
        assert 'hx-trigger="ratio-changed from:body, every 30s"' in banner
        assert 'hx-sync="this:queue last"' in banner and 'hx-swap="innerHTML"' in banner


class TestEveryTapRaisesTheEvent:
    def _sign_in(self, world, child, session, name="Pat Parent"):
        return world.client_for("key_person").post(
            reverse("attendance-sign-in", args=[child.uuid]),
            {"session": session.uuid, "dropped_off_by": name}, HTTP_HX_REQUEST="true")

    def test_a_sign_in_and_a_refused_one(self, world):
        session = all_day(world)
        assert self._sign_in(world, world.child, session)["HX-Trigger"] == "ratio-changed"
        again = self._sign_in(world, world.child, session)  # already signed in: refused
        assert "already signed in" in again.content.decode()
        assert again["HX-Trigger"] == "ratio-changed"

    def test_a_sign_out_and_a_refused_one(self, world):
        pat = world.child.adults.get(user=world.users["parent"])
        ChildAdult.objects.filter(pk=pat.pk).update(may_collect=True)
        rex = world.child.adults.get(name="Rex Restricted")
        record = RecordFactory(child=world.child, session=all_day(world))
        url = reverse("collection-sign-out", args=[record.uuid])
        client = world.client_for("key_person")
        refused = client.post(url, {"collector": f"adult:{rex.uuid}"}, HTTP_HX_REQUEST="true")
        assert "Do not release" in refused.content.decode()
        assert refused["HX-Trigger"] == "ratio-changed"
        done = client.post(url, {"collector": f"adult:{pat.uuid}"}, HTTP_HX_REQUEST="true")
        assert "went home with Pat Parent" in done.content.decode()
        assert done["HX-Trigger"] == "ratio-changed"
