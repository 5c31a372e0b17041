"""Rich tables and summaries the CLI prints (no jobs run here)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from domain.vocabulary import ranking_name
from feeds.reasons import render_all
from storage import repository as repo


def crawl_table(console: Console, results: list[dict[str, Any]]) -> None:
    """One row per crawled source: status, counts, first error (whole: it often names the fix)."""
    table = Table(title="Sources crawled")
    for col in ("source", "status", "scraped", "new", "updated", "unchanged", "failed", "error"):
        table.add_column(
            col,
            justify="right"
            if col in ("scraped", "new", "updated", "unchanged", "failed")
            else "left",
            # Wrapped, never cut: "... set allow_private = true" must be readable to the end.
            overflow="fold",
        )
    for r in results:
        errors = r.get("errors") or []
        status = r.get("status", "?")
        style = {"ok": "green", "partial": "yellow", "failed": "red", "skipped": "dim"}.get(
            status, ""
        )
        table.add_row(
            str(r.get("source", "?")),
            f"[{style}]{status}[/{style}]" if style else status,
            str(r.get("scraped", 0)),
            str(r.get("new", 0)),
            str(r.get("updated", 0)),
            str(r.get("unchanged", 0)),
            str(r.get("dropped", 0)),
            _first_error(errors),
        )
    console.print(table)


def _first_error(errors: list[str]) -> str:
    if not errors:
        return ""
    more = f" (+{len(errors) - 1} more: radar sources)" if len(errors) > 1 else ""
    return escape(errors[0]) + more


def eval_report(console: Console, report: Any) -> None:
    """The metrics of ``radar eval``."""
    table = Table(title=f"Evaluation over {report.queries} judged profiles")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in report.as_row().items():
        table.add_row(name, f"{value:.4f}")
    console.print(table)


def partners_table(console: Console, partners: list, total: int) -> None:
    """The partner finder's table: rank per system, country, hosted open calls."""
    table = Table(title=f"Partner universities ({total} found)")
    for col in ("#", "university", "country", "best", "THE", "QS", "ARWU", "open calls hosted"):
        table.add_column(col)
    for i, p in enumerate(partners, 1):
        ranks = {s: f"{r.rank} ({r.year})" for s, r in p.latest.items()}
        best = f"{p.best.rank} {ranking_name(p.best.system)} {p.best.year}" if p.best else ""
        hosted = "; ".join(o.title for o in p.hosted[:3]) + (" …" if len(p.hosted) > 3 else "")
        table.add_row(
            str(i), p.institution.name, p.institution.country or "", best,
            ranks.get("the", ""), ranks.get("qs", ""), ranks.get("arwu", ""), hosted,
        )  # fmt: skip
    console.print(table)


def sources_table(console: Console, sources: list[dict], runs: list[dict]) -> None:
    """The health table of ``radar sources``: health, last success, last run's counts, status."""
    last = {r["source"]: r for r in runs}
    table = Table(title="Source health")
    for col in ("source", "health", "last success", "last run", "items", "requests", "note"):
        table.add_column(col, overflow="fold")
    styles = {"ok": "green", "failing": "yellow", "paused": "bold red", "new": "dim"}
    for s in sources:
        run = last.get(s["name"]) or {}
        details = run.get("stats") or {}
        health = s["health"]
        failures = s.get("consecutive_failures") or 0
        label = f"{health} ({failures}×)" if failures and health != "ok" else health
        style = styles.get(health, "")
        table.add_row(
            s["name"],
            f"[{style}]{label}[/{style}]" if style else label,
            _when(s.get("last_success")),
            _last_run(run, details),
            _items(run),
            _requests(details),
            _note(s, run),
        )
    console.print(table)


def _last_run(run: dict, details: dict) -> str:
    if not run:
        return "never"
    took = details.get("duration_s")
    duration = f" {took:.0f}s" if isinstance(took, int | float) else ""
    return f"{_when(run.get('started_at'))} {run.get('status', '')}{duration}"


def _items(run: dict) -> str:
    if not run:
        return ""
    text = (
        f"{run.get('new') or 0} new, {run.get('updated') or 0} upd, "
        f"{run.get('unchanged') or 0} same"
    )
    dropped = run.get("dropped") or 0
    if dropped:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted((run.get("drop_reasons") or {}).items()))
        text += f", {dropped} dropped ({reasons})" if reasons else f", {dropped} dropped"
    return text


def _requests(details: dict) -> str:
    if not details.get("requests"):
        return ""
    statuses = ", ".join(
        f"{code}×{n}" for code, n in sorted((details.get("responses_by_status") or {}).items())
    )
    return f"{details['requests']} ({statuses})" if statuses else str(details["requests"])


def _note(source: dict, run: dict) -> str:
    if source["health"] == "paused":
        since = f" since {_when(source['paused_at'])}" if source.get("paused_at") else ""
        return f"paused{since}: radar sources resume {source['name']}"
    errors = run.get("errors") or []
    return _first_error(errors[:1])


def demo_summary(console: Console, summary: Any) -> None:
    """What `radar demo` did: sources, stored counts, matches per profile, top 3 each, files."""
    crawl_table(console, summary.crawl.results)
    from radar.jobs.common import open_database

    with open_database(summary.settings, migrate=False) as engine:
        opportunities = repo.load_opportunities(engine)
        by_id = {o.id: o for o in opportunities}
        open_count = sum(1 for o in opportunities if o.status.value == "open")
        institutions = repo.load_institutions(engine)
        console.print(
            f"\n[bold]Stored:[/bold] {len(opportunities)} opportunities ({open_count} open), "
            f"{len(institutions)} institutions, {summary.profiles.new + summary.profiles.updated + summary.profiles.unchanged} profiles."
        )
        console.print(f"[bold]Matches:[/bold] {summary.match.matches} in all")
        for profile in repo.load_profiles(engine):
            matches = repo.load_matches(engine, profile.id)
            console.print(
                f"\n[bold]{profile.name}[/bold] ({profile.role.value}, {profile.id}): {len(matches)} matches"
            )
            for m in matches[:3]:
                title = (
                    by_id[m.opportunity_id].title if m.opportunity_id in by_id else m.opportunity_id
                )
                console.print(
                    f"  {m.rank}. {title}  [dim]({m.eligibility.value}, score {m.score:.2f})[/dim]"
                )
                for reason in render_all(m.reasons, profile.language):
                    console.print(f"       – {escape(reason)}")
    console.print(
        f"\n[bold]Files:[/bold]\n  database  {summary.out / 'radar.db'}\n"
        f"  feeds     {summary.out / 'feeds'} ({len(summary.publish.files)} files; subscribe via index.opml)\n"
        f"  digests   {summary.out / 'outbox'} ({len(summary.digests.written)} .eml files)"
    )


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "never"


def digest_report(console: Console, err: Console, summary) -> None:  # type: ignore[no-untyped-def]
    """What a digest run did, then every problem a person must look at."""
    console.print(
        f"Digests: {len(summary.written)} written, {len(summary.sent)} sent, "
        f"{len(summary.nothing_new)} with nothing new, {len(summary.skipped)} skipped, "
        f"{len(summary.failed)} failed, {len(summary.rejected)} refused."
    )
    for row in summary.unknown:
        err.print(
            f"[red]fate unknown[/red] {escape(row['profile_id'])} {escape(row['digest_key'])}: the sending "
            "process died mid-send; it may have arrived, so it is not sent again"
        )
    for pid, why in summary.failed.items():
        err.print(
            f"[yellow]not sent[/yellow] {escape(pid)}: {escape(why)} (the next run tries again)"
        )
    for pid, why in summary.rejected.items():
        err.print(
            f"[red]refused[/red] {escape(pid)}: {escape(why)} (fix the address, then radar profiles clear-bounce)"
        )
    for pid, why in summary.invalid.items():
        err.print(
            f"[red]bad address[/red] {escape(pid)}: {escape(why)} (fix it in the profile file)"
        )
