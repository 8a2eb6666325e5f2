"""Demo news for `manage.py seed_demo`: a post with a photo (Amelia and Noah planting beans,
shown to the families whose children's consents allow it) and a post asking families to
confirm, which some have. Run once per setting: a setting with posts is left as it is."""

from datetime import timedelta

from django.utils import timezone

from families.models import Child
from learning_journal.demo import _picture
from learning_journal.media import process_photo
from news import services
from news.models import Post
from preschool.models import User


def load_demo(setting) -> None:
    if Post.objects.filter(setting=setting).exists():
        return
    children = {c.first_name: c for c in Child.objects.filter(setting=setting)}
    people = {u.email.split("@")[0]: u for u in User.objects.filter(
        email__in=["helen.carter@acorns.example", "grace.okafor@acorns.example",
                   "sophie.thompson@family.example", "kasia.nowak@family.example"])}
    if not {"Amelia", "Noah"} <= set(children) or len(people) < 4:
        return
    planting = services.create_post(
        people["grace.okafor"], setting, title="Beans in the garden",
        body="This week the Butterflies planted runner beans by the fence. Ask your child "
             "what beans need to grow!",
        audience=Post.Audience.SETTING,
        photos=[process_photo(_picture((150, 200, 240), [((600, 760, 200), (120, 80, 40)),
                                                          ((1000, 740, 200), (120, 80, 40))]))],
        photo_description="Two children's hands pressing beans into a pot of soil",
        children_shown=[children["Amelia"], children["Noah"]])
    Post.objects.filter(pk=planting.pk).update(
        published_at=timezone.now() - timedelta(days=2))
    hats = services.create_post(
        people["helen.carter"], setting, title="Sun cream and hats from Monday",
        body="Please put sun cream on your child before the session and bring a named sun "
             "hat: we play outside every day. Please confirm you have read this.",
        audience=Post.Audience.SETTING, needs_acknowledgement=True)
    for reader in ("sophie.thompson", "kasia.nowak"):
        services.mark_read(people[reader], hats)
    services.acknowledge(people["sophie.thompson"], hats)
    services.mark_read(people["sophie.thompson"], planting)
