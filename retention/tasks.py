from celery import shared_task

from retention import nightly


@shared_task(acks_late=True, ignore_result=True)
def nightly_run() -> dict[str, int]:
    """Run by beat once a night: keepsake notices, the managers' lists, and the erasures of
    what was on a list long enough (retention.nightly). Idempotent: a second run the same
    night does nothing more."""
    return nightly.run()
