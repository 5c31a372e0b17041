"""The SMTP adapter: build a multipart digest message and send it."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from domain import Profile, clock
from feeds import Digest
from radar.config import Settings


def build_message(settings: Settings, profile: Profile, digest: Digest) -> EmailMessage:
    """A multipart/alternative message: the text part first, the HTML part preferred."""
    msg = EmailMessage()
    msg["Subject"] = digest.subject
    msg["From"] = settings.mail_from
    msg["To"] = f"{profile.name} <{profile.email}>" if profile.email else profile.id
    msg["Date"] = format_datetime(clock.now())
    msg["Message-ID"] = make_msgid(domain="radar.local")
    msg["Content-Language"] = digest.language
    msg["List-Unsubscribe"] = f"<{settings.base_url.rstrip('/')}/unsubscribe/{profile.id}>"
    msg.set_content(digest.text)
    msg.add_alternative(digest.html, subtype="html")
    return msg


def send_message(settings: Settings, msg: EmailMessage) -> None:
    """Send one message over SMTP as the settings say (plain, STARTTLS or TLS; login if set)."""
    tls = settings.smtp_tls.lower()
    if tls == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, context=ssl.create_default_context(), timeout=30
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
    with smtp:
        if tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(msg)
