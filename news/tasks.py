from celery import shared_task

from news import services


@shared_task(acks_late=True, ignore_result=True)
def publish_due_posts() -> int:
    """Run by beat: publish the scheduled posts whose time has come (each once: a
    conditional UPDATE) and tell their families."""
    return services.publish_due()
