"""The SMTP adapter: a digest as one multipart message to exactly one validated address."""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from dataclasses import dataclass
from email import policy as email_policy
from email.header import Header
from email.headerregistry import Address, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from domain import Profile, clock
from feeds import Digest
from feeds.text import one_line
from radar.config import Settings
from radar.profile_files import AddressError, valid_address


class _FoldedSubject(UnstructuredHeader):
    """Subject folded by email.header.Header: the spaces stay inside the encoded words.

    The default policy's folder (Python 3.11) drops the space between two encoded words
    ("10 возможностейдля вас"); this one keeps every space.
    """

    def fold(self, *, policy) -> str:  # type: ignore[no-untyped-def]
        width = policy.max_line_length or 78
        encoded = Header(str(self), "utf-8", header_name=self.name).encode(
            linesep=policy.linesep, maxlinelen=width
        )
        return f"{self.name}: {encoded}{policy.linesep}"


_REGISTRY = HeaderRegistry()
_REGISTRY.map_to_type("subject", _FoldedSubject)
POLICY = email_policy.SMTP.clone(header_factory=_REGISTRY)


def recipient(profile: Profile) -> Address:
    """The one address a digest goes to; the name is display text only (quoted as needed).

    Raises AddressError when the stored address is not one valid address.
    """
    email = valid_address(profile.email or "")
    user, _, domain = email.rpartition("@")
    name = one_line(profile.name)
    return Address(display_name=name, username=user, domain=domain)


def message_id(settings: Settings, profile_id: str, period: str) -> str:
    """The same Message-ID for the same (person, period): a resend is recognisably the same."""
    digest = hashlib.sha256(f"{profile_id}\0{period}".encode()).hexdigest()[:32]
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "radar.invalid"
    return f"<{digest}.digest@{domain}>"


def build_message(
    settings: Settings,
    to: Address,
    digest: Digest,
    *,
    msgid: str,
    unsubscribe_url: str | None = None,
) -> EmailMessage:
    """A multipart/alternative message: the text part first, the HTML part preferred."""
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = digest.subject
    msg["From"] = settings.mail_from
    msg["To"] = to
    msg["Date"] = format_datetime(clock.now())
    msg["Message-ID"] = msgid
    if unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    msg.set_content(digest.text)
    msg.add_alternative(digest.html, subtype="html")
    # After set_content: it clears the Content-* headers it finds.
    msg["Content-Language"] = digest.language
    return msg


@dataclass
class SendError(Exception):
    """An SMTP failure: ``permanent`` (5xx: the address is refused) or not (4xx, network)."""

    permanent: bool
    detail: str

    def __str__(self) -> str:
        return self.detail


class Mailer:
    """One SMTP connection reused for a batch of digests; reopened after any failure."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

    def send(self, msg: EmailMessage, to: Address) -> None:
        """Send ``msg`` to ``to`` only (the envelope, not the headers, names the recipient)."""
        try:
            if self._smtp is None:
                self._smtp = _connect(self.settings)
            refused = self._smtp.send_message(
                msg, from_addr=parseaddr(self.settings.mail_from)[1] or None,
                to_addrs=[to.addr_spec],
            )  # fmt: skip
        except smtplib.SMTPRecipientsRefused as exc:
            self._reset()
            code, text = next(iter(exc.recipients.values()))
            raise _error(code, text) from exc
        except smtplib.SMTPResponseException as exc:
            self._reset()
            raise _error(exc.smtp_code, exc.smtp_error) from exc
        except (OSError, smtplib.SMTPException) as exc:  # refused connection, timeout, TLS...
            self._reset()
            raise SendError(False, f"{type(exc).__name__}: {exc}") from exc
        if refused:  # cannot happen with one recipient, but never report a refusal as sent
            code, text = next(iter(refused.values()))
            raise _error(code, text)

    def _reset(self) -> None:
        # After a refusal the session state is unclear: start the next message afresh.
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()


def send_message(settings: Settings, msg: EmailMessage, to: Address) -> None:
    """Send one message on its own connection."""
    with Mailer(settings) as mailer:
        mailer.send(msg, to)


def _error(code: int, text: bytes | str) -> SendError:
    detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return SendError(500 <= code < 600, f"{code} {detail}")


def _connect(settings: Settings) -> smtplib.SMTP:
    tls = settings.smtp_tls.lower()
    if tls == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, context=ssl.create_default_context(), timeout=30
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
    try:
        if tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


__all__ = [
    "AddressError",
    "Mailer",
    "SendError",
    "build_message",
    "message_id",
    "recipient",
    "send_message",
]
