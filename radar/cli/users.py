"""Staff accounts of the web app: add, list, remove, change a password."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from radar.cli.common import DbOption, _fail, console
from radar.config import load_settings
from radar.jobs.common import open_database

users_app = typer.Typer(
    help="Staff accounts of the web app (admins manage sources and users; staff curate).",
    no_args_is_help=True,
    epilog="Example: radar users add dilnoza@uni.example.uz --role admin",
)
StdinOption = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input."
    ),
]


def _password(from_stdin: bool) -> str:
    """The password from stdin (scripts) or a hidden, confirmed prompt (people)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_app.command("add", epilog="Example: radar users add aziz@uni.example.uz --role staff")
def users_add(
    email: Annotated[str, typer.Argument(help="The person's mail address (their login).")],
    role: Annotated[str, typer.Option(help="staff (curates) or admin (also sources, users).")],
    password_stdin: StdinOption = False,
    database_url: DbOption = None,
) -> None:
    """Create an account; the password is prompted for (or read with --password-stdin)."""
    from radar.jobs.accounts import AccountError, add_account

    with open_database(load_settings(database_url=database_url)) as engine:
        try:
            account = add_account(engine, email, _password(password_stdin), role)
        except AccountError as exc:
            raise _fail(str(exc)) from exc
    console.print(f"Added {account.email} ({account.role}).")


@users_app.command("list", epilog="Example: radar users list")
def users_list(database_url: DbOption = None) -> None:
    """List accounts with their role and when they were made."""
    from radar.jobs.accounts import list_accounts

    with open_database(load_settings(database_url=database_url)) as engine:
        accounts = list_accounts(engine)
    if not accounts:
        console.print("No accounts yet: radar users add EMAIL --role admin")
    for a in accounts:
        console.print(f"{a.email}\t{a.role}\tsince {a.created_at:%Y-%m-%d}", soft_wrap=True)


@users_app.command("remove", epilog="Example: radar users remove aziz@uni.example.uz")
def users_remove(
    email: Annotated[str, typer.Argument(help="The account's mail address.")],
    database_url: DbOption = None,
) -> None:
    """Delete an account; its browser sessions stop working at once."""
    from radar.jobs.accounts import AccountError, remove_account

    with open_database(load_settings(database_url=database_url)) as engine:
        try:
            remove_account(engine, email)
        except AccountError as exc:
            raise _fail(str(exc)) from exc
    console.print(f"Removed {email}.")


@users_app.command("passwd", epilog="Example: radar users passwd aziz@uni.example.uz")
def users_passwd(
    email: Annotated[str, typer.Argument(help="The account's mail address.")],
    password_stdin: StdinOption = False,
    database_url: DbOption = None,
) -> None:
    """Set a new password; every session of the account ends (logged out everywhere)."""
    from radar.jobs.accounts import AccountError, change_password

    with open_database(load_settings(database_url=database_url)) as engine:
        try:
            change_password(engine, email, _password(password_stdin))
        except AccountError as exc:
            raise _fail(str(exc)) from exc
    console.print(f"Changed the password of {email}; its sessions have ended.")
