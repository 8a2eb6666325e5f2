"""Rendering and sending the portal's emails.

Every email has a subject template and a plain-text body template under templates/emails/
(``<name>_subject.txt``, ``<name>_body.txt``) and, optionally, an HTML body
(``<name>_body.html``). Sending happens in Celery tasks, never in a request.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


def render_email(name: str, context: dict) -> tuple[str, str, str | None]:
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    text = render_to_string(f"emails/{name}_body.txt", context).strip() + "\n"
    try:
        html = render_to_string(f"emails/{name}_body.html", context)
    except TemplateDoesNotExist:
        html = None
    return subject, text, html


def send_message(to: list[str], subject: str, text: str, html: str | None = None,
                 from_email: str | None = None, *, connection: BaseEmailBackend | None = None,
                 message_id: str | None = None) -> None:
    """Send one email. ``connection``: an open one to reuse (``get_connection()``), else one
    is opened for this email. ``message_id``: a Message-ID that stays the same when the email
    is sent again, else a new one."""
    headers = {"Message-ID": message_id} if message_id else None
    message = EmailMultiAlternatives(subject, text, from_email or settings.DEFAULT_FROM_EMAIL, to,
                                     connection=connection, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def send_templated(name: str, to: str, context: dict, *,
                   connection: BaseEmailBackend | None = None,
                   message_id: str | None = None) -> None:
    subject, text, html = render_email(name, context)
    send_message([to], subject, text, html, connection=connection, message_id=message_id)
