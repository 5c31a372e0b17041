"""Mail to staff (source-health summary, breakage alerts): plain text over SMTP, as settings say."""

from __future__ import annotations

import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from domain import clock
from radar.config import Settings

# Worst first: what staff must act on leads the summary.
_ORDER = {"paused": 0, "failing": 1, "new": 2, "ok": 3}


def health_summary_message(
    settings: Settings, summary: list[dict[str, Any]], since: datetime, until: datetime
) -> EmailMessage:
    """The weekly summary: per source its health, runs, counts and last error."""
    broken = [s for s in summary if s["health"] in ("failing", "paused")]
    subject = f"Radar source health {since:%Y-%m-%d} to {until:%Y-%m-%d}: " + (
        f"{len(broken)} of {len(summary)} sources need attention" if broken
        else f"all {len(summary)} sources ok"
    )  # fmt: skip
    lines = [
        f"Crawl runs from {since:%Y-%m-%d %H:%M} to {until:%Y-%m-%d %H:%M} UTC.",
        "",
    ]
    for source in sorted(summary, key=lambda s: (_ORDER.get(s["health"], 9), s["name"])):
        lines += _source_lines(source)
    if broken:
        lines += ["", "Resume a paused source after fixing it: radar sources resume NAME"]
    return _message(settings, subject, "\n".join(lines))


def breakage_message(settings: Settings, source: dict[str, Any]) -> EmailMessage:
    """An alert that one source turned failing or paused, with what to do."""
    name, health = source["name"], source["health"]
    subject = f"Radar: source {name} is {health}"
    lines = [
        f"The source {name} is now {health} after {source['consecutive_failures']} failed run(s).",
        f"Last success: {_when(source.get('last_success'))}.",
    ]
    if source.get("last_errors"):
        lines += ["", "Last errors:", *(f"  - {e}" for e in source["last_errors"][:5])]
    if health == "paused":
        lines += ["", f"It is not crawled until resumed: radar sources resume {name}"]
    else:
        lines += [
            "",
            "It is still crawled; it is paused after RADAR_PAUSE_AFTER_FAILURES failures.",
        ]
    return _message(settings, subject, "\n".join(lines))


def send_to_staff(settings: Settings, msg: EmailMessage) -> None:
    """Send over SMTP (plain, STARTTLS or TLS; login when set). Raises OSError on failure."""
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


def _source_lines(source: dict[str, Any]) -> list[str]:
    lines = [
        f"{source['name']}: {source['health']} — {source['runs']} runs "
        f"({source['ok']} ok, {source['partial']} partial, {source['failed']} failed), "
        f"{source['new']} new, {source['updated']} updated; last success {_when(source['last_success'])}"
    ]
    if source["health"] in ("failing", "paused") and source["last_errors"]:
        lines.append(f"    last error: {source['last_errors'][0]}")
    return lines


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "never"


def _message(settings: Settings, subject: str, text: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = settings.mail_from
    msg["To"] = ", ".join(settings.staff_emails)
    msg["Date"] = format_datetime(clock.now())
    msg["Message-ID"] = make_msgid(domain="radar.local")
    msg.set_content(text + "\n")
    return msg
