"""The Typer application: global options and the commands that are one job each."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from crawlers.sources import SourcesError
from radar.cli import render
from radar.cli.clusters import clusters_app
from radar.cli.common import DbOption, _fail, console, err
from radar.cli.curate import FEEDBACK_EPILOG, curate_app, feedback
from radar.cli.schedule import SCHEDULE_EPILOG, WORKER_EPILOG, schedule, worker
from radar.config import config_file, load_settings
from radar.jobs.common import open_database, semantic_for, today
from radar.profile_files import ProfileFileError
from radar.progress import progress_bar

app = typer.Typer(
    help="Opportunity Radar: find grants, scholarships and partners; match them to people; "
    "publish feeds and digests.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    epilog="Example: [bold]radar demo[/bold]  (crawl the bundled sample sites and show what it finds)",
)
profiles_app = typer.Typer(
    help="Manage people's profiles.",
    no_args_is_help=True,
    epilog="Example: radar profiles import people.json",
)
sources_app = typer.Typer(
    help="Show source health, or resume a paused source.", invoke_without_command=True
)
app.add_typer(profiles_app, name="profiles")
app.add_typer(curate_app, name="curate")
app.add_typer(sources_app, name="sources")
app.add_typer(clusters_app, name="clusters")
app.command(epilog=FEEDBACK_EPILOG)(feedback)


@app.command(epilog="Example: radar init --database-url sqlite:///radar.db")
def init(database_url: DbOption = None) -> None:
    """Create the database or upgrade it to the latest schema."""
    settings = load_settings(database_url=database_url)
    with open_database(settings):
        pass
    console.print(f"Database ready: {settings.database_url}")


@app.command(epilog="Example: radar demo --out ./radar-demo")
def demo(
    out: Annotated[Path, typer.Option(help="Folder for radar.db, feeds/ and outbox/.")] = Path(
        "radar-demo"
    ),
) -> None:
    """Run the whole pipeline on the bundled sample sites (served locally) and print a summary."""
    from radar.jobs.demo import demo_steps, run_demo

    with progress_bar(console, "demo", demo_steps()) as advance:
        summary = run_demo(out, progress=advance)
    render.demo_summary(console, summary)


@app.command(epilog="Example: radar crawl --sources crawlers/sources.toml --only grants-gov")
def crawl(
    sources: Annotated[
        Path | None, typer.Option(help="Sources file (default: RADAR_SOURCES / radar.toml).")
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option(help="Crawl only this source (repeatable).")
    ] = None,
    base: Annotated[
        str | None, typer.Option(help="Replace {base} in source URLs (local test servers).")
    ] = None,
    database_url: DbOption = None,
) -> None:
    """Crawl sources into the database; exits non-zero only when every source failed."""
    from crawlers.sources import load_sources, select_sources
    from radar.jobs.crawl import run_crawl

    settings = load_settings(database_url=database_url)
    path = sources or settings.sources
    try:
        chosen = select_sources(load_sources(path, base=base), only, path)
    except SourcesError as exc:
        raise _fail(str(exc)) from exc
    with open_database(settings):
        pass
    with progress_bar(console, "crawl", len(chosen)) as advance:
        summary = run_crawl(settings, path, only=only, base=base, progress=advance)
    render.crawl_table(console, summary.results)
    if summary.all_failed:
        raise _fail("every source failed; see the errors above", code=1)


@profiles_app.command("import", epilog="Example: radar profiles import people.json")
def profiles_import(
    file: Annotated[Path, typer.Argument(help="A .json, .yaml or .csv file (docs/profiles.md).")],
    database_url: DbOption = None,
) -> None:
    """Import or update profiles; bad rows are reported, good rows are kept."""
    from radar.jobs.profiles import import_profiles

    settings = load_settings(database_url=database_url)
    try:
        with open_database(settings) as engine:
            result = import_profiles(engine, file)
    except ProfileFileError as exc:
        raise _fail(str(exc)) from exc
    console.print(
        f"Profiles: {result.new} new, {result.updated} updated, {result.unchanged} unchanged."
    )
    for message in result.errors:
        err.print(f"[yellow]skipped[/yellow] {message}")
    if result.errors and not (result.new or result.updated or result.unchanged):
        raise typer.Exit(1)


@profiles_app.command(
    "token", epilog="Example: radar profiles token stu-timur-nazarov --rotate"
)
def profiles_token(
    profile_id: Annotated[str, typer.Argument(help="The person's profile id.")],
    rotate: Annotated[
        bool, typer.Option(help="Revoke every older link of this person first.")
    ] = False,
    database_url: DbOption = None,
) -> None:
    """Print a new private link for a person (their page, feeds, calendar, unsubscribe)."""
    from storage import repository as repo

    settings = load_settings(database_url=database_url)
    with open_database(settings) as engine:
        if not repo.load_profiles(engine, ids=[profile_id]):
            raise _fail(f"no profile {profile_id!r}")
        token = repo.issue_token(engine, profile_id, revoke_others=rotate)
    if rotate:
        err.print("Older links of this person no longer work.")
    console.print(f"{settings.base_url.rstrip('/')}/p/{token}/", soft_wrap=True)


@profiles_app.command(
    "clear-bounce", epilog="Example: radar profiles clear-bounce t.nazarov@student.example.uz"
)
def profiles_clear_bounce(
    who: Annotated[str, typer.Argument(help="A mail address, or the profile id that has it.")],
    database_url: DbOption = None,
) -> None:
    """Send digests again to an address the mail server refused permanently (5xx)."""
    from storage import repository as repo

    settings = load_settings(database_url=database_url)
    with open_database(settings) as engine:
        found = repo.load_profiles(engine, ids=[who])
        address = (found[0].email or "") if found else who
        if not repo.clear_rejection(engine, address):
            raise _fail(f"{address or who!r} is not marked as refused")
    console.print(f"Digests go to {address} again.")


@profiles_app.command(
    "publications", epilog="Example: radar profiles publications rustam.aliev works.bib"
)
def profiles_publications(
    profile_id: Annotated[str, typer.Argument(help="The profile to enrich.")],
    file: Annotated[
        Path, typer.Argument(help="An ORCID public-record .json or a BibTeX .bib file.")
    ],
    database_url: DbOption = None,
) -> None:
    """Add a researcher's publications (titles, abstracts, keywords) to their profile."""
    from radar.jobs.publications import PublicationsError, import_publications

    settings = load_settings(database_url=database_url)
    try:
        with open_database(settings) as engine:
            result = import_publications(engine, profile_id, file)
    except PublicationsError as exc:
        raise _fail(str(exc)) from exc
    console.print(f"{result.profile_id}: {result.added} publications added, {result.total} in all.")


@app.command(epilog="Example: radar match   |   radar match --full")
def match(
    full: Annotated[
        bool, typer.Option(help="Recompute every match instead of only what changed today.")
    ] = False,
    database_url: DbOption = None,
) -> None:
    """Score profiles against the open opportunities and store the matches (incremental)."""
    from radar.jobs.match import run_match

    settings = load_settings(database_url=database_url)
    with open_database(settings) as engine:
        summary = run_match(
            engine, today(settings), limit=settings.match_limit, full=full,
            timezone=settings.timezone, semantic=semantic_for(settings),
        )  # fmt: skip
    console.print(
        f"Matched ({summary.mode}) {summary.profiles} profiles against {summary.opportunities} "
        f"open opportunities: {summary.matches} matches."
    )
    if summary.mode == "incremental":
        console.print(
            f"Rescored {len(summary.rescored_profiles)} changed profiles and "
            f"{len(summary.rescored_opportunities)} new or changed opportunities."
        )


@app.command(epilog="Example: radar publish --out /var/www/radar/feeds")
def publish(
    out: Annotated[Path, typer.Option(help="Folder to write feeds into.")] = Path("feeds"),
    database_url: DbOption = None,
) -> None:
    """Write RSS, Atom and iCalendar feeds: all open, one per kind, one per profile."""
    from radar.jobs.publish import publish_feeds

    settings = load_settings(database_url=database_url)
    with open_database(settings) as engine:
        summary = publish_feeds(
            engine, out, today(settings), settings.base_url, timezone=settings.timezone
        )
    console.print(f"Wrote {len(summary.files)} feed files under {summary.folder}")


@app.command(
    epilog="Example: radar digest --dry-run outbox   |   radar digest --send --period 2026-W49"
)
def digest(
    period: Annotated[
        str | None,
        typer.Option(help="The day (2026-12-01) or ISO week (2026-W49) to compute; default today."),
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option(help="Only this profile id (repeatable).")
    ] = None,
    dry_run: Annotated[
        Path | None,
        typer.Option(
            "--dry-run", "--out", help="Write one .eml per person here; records nothing."
        ),
    ] = None,
    send: Annotated[
        bool, typer.Option(help="Send over SMTP (RADAR_SMTP_*), once per person and period.")
    ] = False,
    database_url: DbOption = None,
) -> None:
    """Each person's news since their last digest (new, closing soon, deadline changed);
    nothing new, no mail. Exits 1 when sends were tried and every one failed."""
    from radar.jobs.digest import parse_period, run_digests

    if dry_run is None and not send:
        raise _fail("say where digests go: --dry-run DIR and/or --send")
    try:
        day = parse_period(period) if period else None
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    from storage import repository as repo

    settings = load_settings(database_url=database_url)
    with open_database(settings) as engine:
        known = {p.id for p in repo.load_profiles(engine, ids=only)} if only else set()
        if only and set(only) - known:
            raise _fail(f"no profile {sorted(set(only) - known)}; `radar export matches` lists ids")
        summary = run_digests(
            engine, settings, day or today(settings), out=dry_run, send=send, only=only
        )
    render.digest_report(console, err, summary)
    if summary.all_failed:
        raise typer.Exit(1)


@app.command(epilog="Example: radar export opportunities --format csv --output calls.csv")
def export(
    what: Annotated[str, typer.Argument(help="opportunities | institutions | matches")],
    format: Annotated[str, typer.Option("--format", help="jsonl | csv")] = "jsonl",
    output: Annotated[Path | None, typer.Option(help="File to write (default: stdout).")] = None,
    database_url: DbOption = None,
) -> None:
    """Export stored data as JSON Lines or CSV (fields in docs/export.md)."""
    from radar.jobs.export import WHAT, export_rows, write_export

    if what not in WHAT:
        raise _fail(f"unknown export {what!r}; expected one of: {', '.join(WHAT)}")
    if format not in ("jsonl", "csv"):
        raise _fail(f"unknown format {format!r}; expected jsonl or csv")
    settings = load_settings(database_url=database_url)
    with open_database(settings) as engine:
        fields, rows = export_rows(engine, what)
        if output is None:
            write_export(rows, fields, format, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as fh:
                count = write_export(rows, fields, format, fh)
            err.print(f"Wrote {count} {what} to {output}")


@app.command("eval", epilog="Example: radar eval --judgments tests/matcher/judged/qrels.txt")
def eval_(
    judgments: Annotated[
        Path,
        typer.Option(
            help="TREC qrels: profile_id 0 opportunity_id grade (grade < 0 = ineligible)."
        ),
    ],
    database_url: DbOption = None,
) -> None:
    """Score the matcher against graded judgments: nDCG@10, MAP, recall@20, ineligible in top 10."""
    from radar.jobs.evaluate import run_eval

    if not judgments.is_file():
        raise _fail(f"{judgments}: no such judgments file")
    settings = load_settings(database_url=database_url)
    with open_database(settings) as engine:
        result = run_eval(engine, judgments, today(settings), semantic=semantic_for(settings))
    for warning in result.warnings:
        err.print(f"[yellow]warning[/yellow] {warning}")
    render.eval_report(console, result.report)


@app.command(epilog="Example: radar partners --country DE --max-rank 500 --field engineering")
def partners(
    country: Annotated[str | None, typer.Option(help="ISO country code, e.g. DE.")] = None,
    max_rank: Annotated[int, typer.Option(help="Best rank in THE/QS/ARWU at most this.")] = 1000,
    field: Annotated[
        str | None, typer.Option(help="A field of study (subjects or hosted calls).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
    database_url: DbOption = None,
) -> None:
    """Ranked universities that fit, with the open opportunities they host (the partner finder)."""
    from matcher.partners import find_partners
    from storage import repository as repo

    settings = load_settings(database_url=database_url)
    with open_database(settings) as engine:
        found = find_partners(
            repo.load_institutions(engine),
            repo.load_opportunities(engine, open_on=today(settings), canonical_only=True),
            country=country,
            max_rank=max_rank,
            field_of_study=field,
        )
    render.partners_table(console, found[:limit], total=len(found))


@sources_app.callback(epilog="Example: radar sources   |   radar sources resume grants-gov")
def sources_health(ctx: typer.Context, database_url: DbOption = None) -> None:
    """Print each source's health: last success, last run's counts, status."""
    if ctx.invoked_subcommand is not None:
        return
    from storage import repository as repo

    settings = load_settings(database_url=database_url)
    with open_database(settings) as engine:
        render.sources_table(console, repo.list_sources(engine), repo.latest_runs(engine))


@sources_app.command("resume", epilog="Example: radar sources resume grants-gov")
def sources_resume(
    name: Annotated[str, typer.Argument(help="The source's name.")], database_url: DbOption = None
) -> None:
    """Resume a paused (or failing) source so the next crawl runs it."""
    from storage import repository as repo

    settings = load_settings(database_url=database_url)
    with open_database(settings) as engine:
        if not repo.set_source_health(engine, name, "ok"):
            raise _fail(f"no source named {name!r}; `radar sources` lists them")
    console.print(f"Resumed {name}.")


app.command(epilog=SCHEDULE_EPILOG)(schedule)
app.command(epilog=WORKER_EPILOG)(worker)


@app.command(epilog="Example: RADAR_STAFF_TOKEN=secret radar serve --feeds feeds --port 8000")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    feeds: Annotated[
        Path | None, typer.Option(help="Folder `radar publish` writes, served under /feeds/.")
    ] = None,
    database_url: DbOption = None,
) -> None:
    """Serve the web app: opportunities, people's matches and feeds, staff curation."""
    from werkzeug.serving import run_simple

    from radar.web import create_app

    settings = load_settings(database_url=database_url)
    console.print(
        f"Serving on http://{host}:{port}/ (staff page {'on' if settings.staff_token else 'off: set RADAR_STAFF_TOKEN'})"
    )
    run_simple(host, port, create_app(settings, feeds), threaded=True)


def main() -> None:
    """Console-script entry point; a bad settings file is a clear error, not a traceback."""
    from matcher.semantic import SemanticUnavailable

    try:
        app()
    except SemanticUnavailable as exc:
        err.print(f"[bold red]error:[/bold red] RADAR_SEMANTIC is on but {exc}")
        sys.exit(2)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        err.print(
            f"[bold red]error:[/bold red] bad settings in {config_file()} or RADAR_* "
            f"variables: {problems} (docs/settings.md lists them)"
        )
        sys.exit(2)
