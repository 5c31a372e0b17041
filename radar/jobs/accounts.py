"""Staff accounts: argon2 password hashes, login with throttling, roles."""

from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine

from feeds.messages import SUPPORTED_LANGUAGES
from radar.config import Settings
from radar.jobs.errors import JobError
from storage import repository as repo
from storage.users import Account

ROLES = ("staff", "admin")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
# Verified against when the address has no account, so a wrong address costs as much time
# as a wrong password and response times do not tell which addresses exist.
_DUMMY = _HASHER.hash("no account has this password")


class AccountError(JobError):
    """A request about accounts that cannot be done, with the reason for the user."""


class LoginRefused(AccountError):
    """Wrong address or password, or too many failed tries: the message says which;
    ``wait_minutes`` is set when throttled."""

    def __init__(self, message: str, wait_minutes: int | None = None) -> None:
        super().__init__(message, "throttled" if wait_minutes else "wrong_login", n=wait_minutes)
        self.wait_minutes = wait_minutes


def check_password(password: str) -> None:
    """Refuse passwords too short to resist guessing."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters",
                           "short_password", n=MIN_PASSWORD)  # fmt: skip


def add_account(engine: Engine, email: str, password: str, role: str) -> Account:
    """Create an account with a hashed password."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}", "bad_role",
                           role=role)  # fmt: skip
    if "@" not in email or len(email) > 320 or email != email.strip():
        raise AccountError(f"{email!r} is not a mail address", "bad_address", email=email)
    check_password(password)
    try:
        return repo.add_user(engine, email, _HASHER.hash(password), role)
    except ValueError as exc:
        raise AccountError(str(exc), "exists", email=email) from exc


def change_password(engine: Engine, email: str, password: str) -> None:
    """Set a new password; every session of the account ends (its auth version grows)."""
    check_password(password)
    if not repo.set_password_hash(engine, email, _HASHER.hash(password)):
        raise AccountError(f"no account for {email!r}; `radar users list` shows them",
                           "no_account", email=email)  # fmt: skip


def remove_account(engine: Engine, email: str) -> None:
    """Delete an account; its sessions end with it."""
    if not repo.remove_user(engine, email):
        raise AccountError(f"no account for {email!r}; `radar users list` shows them",
                           "no_account", email=email)  # fmt: skip


def list_accounts(engine: Engine) -> list[Account]:
    """Every account."""
    return repo.list_users(engine)


def set_account_language(engine: Engine, account: Account, language: str) -> None:
    """Remember the language the account chose in the web app's switcher."""
    if language not in SUPPORTED_LANGUAGES:
        raise AccountError(f"language must be one of {', '.join(SUPPORTED_LANGUAGES)}")
    if account.language != language:
        repo.set_language(engine, account.id, language)


def account_by_id(engine: Engine, user_id: int) -> Account | None:
    """The account a session names, or None when it was removed."""
    return repo.get_user(engine, user_id)


def authenticate(
    engine: Engine, settings: Settings, email: str, password: str, address: str
) -> Account:
    """The account for ``email`` and ``password`` from client ``address``. Past the allowed
    failures (per account and per address) every try is refused, the right password too,
    until the window has passed."""
    window = timedelta(seconds=settings.login_window)
    keys = {f"account:{email.strip().lower()}": settings.login_max_failures,
            f"address:{address}": settings.login_address_max_failures}  # fmt: skip
    if any(repo.failures_in_window(engine, k, window) >= limit for k, limit in keys.items()):
        minutes = settings.login_window // 60
        raise LoginRefused(f"Too many failed logins; try again in {minutes} minutes.", minutes)
    account = repo.find_user(engine, email.strip())
    right = _verify(account.password_hash if account else _DUMMY, password)
    if account is None or not right:
        for key in keys:
            repo.record_failure(engine, key, window)
        raise LoginRefused("Wrong address or password.")
    repo.clear_failures(engine, next(iter(keys)))
    return account


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
