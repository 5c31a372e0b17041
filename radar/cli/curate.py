"""Staff curation commands (feature, hide, note, recommend, list) and people's feedback."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from radar.cli.common import DbOption, _fail, console
from radar.config import load_settings
from radar.jobs.common import open_database

curate_app = typer.Typer(
    help="Staff curation: feature, hide, annotate and recommend opportunities.",
    no_args_is_help=True,
    epilog="Example: radar curate recommend demo-portal/ecs-2027 --group masters",
)


def _who() -> str:
    """Who curates from the shell: the login name, marked as the CLI's."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name (some containers): still say it was the CLI
        return "cli"


def _known_opportunity(engine, opportunity_id: str) -> None:  # type: ignore[no-untyped-def]
    from storage import repository as repo

    if not repo.load_opportunities(engine, ids=[opportunity_id]):
        raise _fail(
            f"no opportunity with id {opportunity_id!r}; `radar export opportunities` lists them"
        )


@curate_app.command("feature", epilog="Example: radar curate feature demo-portal/ecs-2027")
def curate_feature(
    opportunity_id: Annotated[str, typer.Argument(help="The opportunity's id.")],
    off: Annotated[bool, typer.Option("--off", help="Stop featuring it.")] = False,
    database_url: DbOption = None,
) -> None:
    """Feature an opportunity: everyone it fits sees it boosted, with the reason."""
    from storage import repository as repo

    with open_database(load_settings(database_url=database_url)) as engine:
        _known_opportunity(engine, opportunity_id)
        repo.set_flags(engine, opportunity_id, featured=not off, by=_who())
    console.print(f"{'Unfeatured' if off else 'Featured'} {opportunity_id}; run `radar match`.")


@curate_app.command("hide", epilog="Example: radar curate hide demo-blog/duplicate-post")
def curate_hide(
    opportunity_id: Annotated[str, typer.Argument(help="The opportunity's id.")],
    off: Annotated[bool, typer.Option("--off", help="Show it again.")] = False,
    database_url: DbOption = None,
) -> None:
    """Hide an opportunity from every match, feed and digest (kept in the database)."""
    from storage import repository as repo

    with open_database(load_settings(database_url=database_url)) as engine:
        _known_opportunity(engine, opportunity_id)
        repo.set_flags(engine, opportunity_id, hidden=not off, by=_who())
    console.print(f"{'Unhid' if off else 'Hid'} {opportunity_id}; run `radar match`.")


@curate_app.command(
    "note", epilog='Example: radar curate note demo-portal/ecs-2027 "Ask Dr. Li first"'
)
def curate_note(
    opportunity_id: Annotated[str, typer.Argument(help="The opportunity's id.")],
    text: Annotated[str, typer.Argument(help="The note (empty to remove).")],
    database_url: DbOption = None,
) -> None:
    """Attach a staff note to an opportunity."""
    from storage import repository as repo

    with open_database(load_settings(database_url=database_url)) as engine:
        _known_opportunity(engine, opportunity_id)
        repo.set_flags(engine, opportunity_id, note=text, by=_who())
    console.print(f"Noted {opportunity_id}.")


@curate_app.command(
    "recommend",
    epilog="Example: radar curate recommend demo-portal/ecs-2027 --to stu-aziza-rahimova",
)
def curate_recommend(
    opportunity_id: Annotated[str, typer.Argument(help="The opportunity's id.")],
    to: Annotated[list[str] | None, typer.Option("--to", help="A profile id (repeatable).")] = None,
    group: Annotated[
        list[str] | None, typer.Option("--group", help="A group named in profiles (repeatable).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why you recommend it.")] = None,
    database_url: DbOption = None,
) -> None:
    """Recommend an opportunity to people or groups; it is boosted for them as "recommended to you"."""
    from storage import repository as repo

    if not to and not group:
        raise _fail("say who to recommend it to: --to PROFILE and/or --group GROUP")
    with open_database(load_settings(database_url=database_url)) as engine:
        _known_opportunity(engine, opportunity_id)
        known = {p.id: p for p in repo.load_profiles(engine)}
        groups = {g for p in known.values() for g in p.details.get("groups") or []}
        unknown = [p for p in to or [] if p not in known] + [
            f"group {g}" for g in group or [] if g not in groups
        ]
        if unknown:
            raise _fail(
                f"unknown: {', '.join(unknown)} (profiles and their groups come from profile files)"
            )
        for pid in to or []:
            repo.recommend(engine, opportunity_id, profile_id=pid, note=note, by=_who())
        for g in group or []:
            repo.recommend(engine, opportunity_id, group=g, note=note, by=_who())
    console.print(f"Recommended {opportunity_id}; run `radar match`.")


@curate_app.command("list", epilog="Example: radar curate list")
def curate_list(database_url: DbOption = None) -> None:
    """List curated opportunities: featured, hidden, notes, recommendations."""
    from storage import repository as repo

    with open_database(load_settings(database_url=database_url)) as engine:
        rows = repo.list_curation(engine)
    for r in rows:
        marks = [m for m in ("featured", "hidden") if r[m]]
        console.print(
            f"{r['opportunity_id']}: {', '.join(marks) or '-'}"
            + (f"; note: {r['note']}" if r["note"] else "")
            + (f"; recommended to {', '.join(r['recommended_to'])}" if r["recommended_to"] else "")
            + _attribution(r),
            soft_wrap=True,
        )


def _attribution(row: dict) -> str:
    """Who changed the marks last and when, and who recommended it (for audits)."""
    parts = []
    if row.get("updated_at"):
        parts.append(
            f"marked by {row.get('updated_by') or 'unknown'} at {row['updated_at']:%Y-%m-%d %H:%M} UTC"
        )
    for rec in row.get("recommendations", []):
        to = rec["profile_id"] or f"group:{rec['group_name']}"
        parts.append(f"recommended to {to} by {rec['created_by'] or 'unknown'} "
                     f"at {rec['created_at']:%Y-%m-%d %H:%M} UTC")  # fmt: skip
    return (" (" + "; ".join(parts) + ")") if parts else ""


FEEDBACK_EPILOG = "Example: radar feedback stu-aziza-rahimova demo-blog/some-call --not-relevant"


def feedback(
    profile_id: Annotated[str, typer.Argument(help="Who says it.")],
    opportunity_id: Annotated[str, typer.Argument(help="About which opportunity.")],
    not_relevant: Annotated[
        bool, typer.Option("--not-relevant", help="Mute it for this person and lower similar ones.")
    ] = False,
    database_url: DbOption = None,
) -> None:
    """Record a person's feedback on an opportunity shown to them."""
    from storage import repository as repo

    if not not_relevant:
        raise _fail("say what the feedback is: --not-relevant")
    with open_database(load_settings(database_url=database_url)) as engine:
        _known_opportunity(engine, opportunity_id)
        if not repo.load_profiles(engine, ids=[profile_id]):
            raise _fail(f"no profile with id {profile_id!r}")
        repo.add_feedback(engine, profile_id, opportunity_id)
    console.print(f"Muted {opportunity_id} for {profile_id}; run `radar match`.")
