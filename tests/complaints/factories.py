"""Concerns for the complaints tests (and the authorization matrix)."""

from django.utils import timezone

from complaints.models import Concern


def concern(world, *, kind=Concern.Kind.COMPLAINT, subject="Ava came home in wet clothes",
            details="Her bag had no spare clothes in it after water play.", persona="parent",
            received_at=None, **fields) -> Concern:
    received_at = received_at or timezone.now()
    values = {
        "setting": world.setting_a, "kind": kind, "subject": subject, "details": details,
        "complainant": world.users[persona] if persona else None, "child": world.child,
        "received_at": received_at,
        "due_on": Concern.due_date_for(received_at) if kind == Concern.Kind.COMPLAINT else None,
    }
    values.update(fields)
    return Concern.objects.create(**values)
