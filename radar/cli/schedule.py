"""``radar schedule`` (run the scheduler, list its jobs, run one now) and ``radar worker``."""

from __future__ import annotations

import os
import signal
import socket
import threading
from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from sqlalchemy.engine import make_url

from crawlers.sources import SourcesError
from radar.cli.common import DbOption, _fail, console, err
from radar.config import load_settings

SCHEDULE_EPILOG = (
    "Example: radar schedule   |   radar schedule --list   |   radar schedule --run-now digests"
)
WORKER_EPILOG = "Example: RADAR_BROKER_URL=redis://10.0.0.2:6379/0 radar worker --concurrency 2"


def schedule(
    feeds: Annotated[
        Path | None, typer.Option(help="Folder the feeds are republished into (RADAR_FEEDS_DIR).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option(help="Print the plan (jobs, next run) and exit.")
    ] = False,
    list_: Annotated[
        bool, typer.Option("--list", help="Jobs with their next and last run and last result.")
    ] = False,
    run_now: Annotated[
        str | None,
        typer.Option(
            help="Run this job now and exit: a job id, a kind (digests) or a source name."
        ),
    ] = None,
    no_digests: Annotated[bool, typer.Option(help="Do not send digests.")] = False,
    executor: Annotated[
        str,
        typer.Option(help="embedded: run jobs here; celery: only enqueue them for radar worker."),
    ] = "embedded",
    database_url: DbOption = None,
) -> None:
    """Run the scheduler in the foreground: each source crawled on its schedule, then match and
    publish; digests, nightly expiry, weekly health summary to staff. One per database; missed
    runs are caught up once on start, crashed runs rerun."""
    from radar.jobs import schedule as jobs

    settings = load_settings(database_url=database_url, feeds_dir=feeds)
    run_elsewhere = _executor(executor, settings)
    try:
        with jobs.open_scheduler(
            settings, _say, send_digests=not no_digests, executor=run_elsewhere
        ) as sched:
            if list_ or dry_run:
                _print_jobs(jobs.list_jobs(sched), settings.timezone, with_last=list_)
                return
            if run_now is not None:
                _run_now(jobs, sched, run_now)
                return
            _serve(jobs, sched, settings)
    except SourcesError as exc:
        raise _fail(str(exc)) from exc


def worker(
    concurrency: Annotated[
        int, typer.Option(help="Tasks run at once (1: in this process; more: child processes).")
    ] = 1,
    name: Annotated[str | None, typer.Option(help="Worker name (default radar-PID; the host is added).")] = None,
    database_url: DbOption = None,
) -> None:
    """Run a Celery worker: it runs the job runs `radar schedule --executor celery` enqueues
    (RADAR_BROKER_URL, Redis or RabbitMQ). Start one or more per machine; docs/scale.md."""
    from radar.jobs.celery_tasks import ScaleUnavailable, run_worker

    settings = load_settings(database_url=database_url)
    url = make_url(settings.database_url).render_as_string(hide_password=True)
    console.print(
        f"Radar worker: pid {os.getpid()} on host {socket.gethostname()}, broker "
        f"{_hide(settings.broker_url)}, queue {settings.celery_queue}, database {url}. "
        f"Stop with Ctrl+C or `kill -TERM {os.getpid()}` (the running task finishes first).",
        soft_wrap=True,
    )
    try:
        run_worker(settings, concurrency=concurrency, name=name)
    except ScaleUnavailable as exc:
        raise _fail(str(exc)) from exc


def _executor(name: str, settings):  # type: ignore[no-untyped-def]
    if name == "embedded":
        return None
    if name != "celery":
        raise _fail(f"--executor is embedded or celery, not {name!r}")
    from radar.jobs.celery_tasks import ScaleUnavailable, celery_app, enqueue

    try:
        app = celery_app(settings)
    except ScaleUnavailable as exc:
        raise _fail(str(exc)) from exc
    return lambda run: enqueue(app, run, settings)


def _hide(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def _run_now(jobs, sched, name: str) -> None:  # type: ignore[no-untyped-def]
    try:
        outcome = jobs.run_now(sched, name)
    except jobs.UnknownJob as exc:
        raise _fail(str(exc)) from exc
    if outcome.status not in ("ok", "queued", "done"):
        raise typer.Exit(1)


def _serve(jobs, sched, settings) -> None:  # type: ignore[no-untyped-def]
    pid = os.getpid()
    url = make_url(settings.database_url).render_as_string(hide_password=True)
    console.print(f"Radar scheduler: pid {pid} on host {socket.gethostname()}, database {url}")
    try:
        jobs.take_lock(sched)
    except jobs.SchedulerBusy as exc:
        raise _fail(str(exc), code=1) from exc
    _print_jobs(jobs.list_jobs(sched), settings.timezone, with_last=False)
    console.print(
        f"Running: missed runs are caught up once now, then each job runs when due. Stop with "
        f"Ctrl+C or `kill -TERM {pid}` (a running job finishes first; a second signal stops at "
        "once and that job is rerun on the next start).",
        soft_wrap=True,
    )
    stop = threading.Event()
    _on_signals(stop)
    jobs.serve(sched, stop)
    console.print("Scheduler stopped" + (": it lost its lock" if sched.lost_lock.is_set() else "."))
    if sched.lost_lock.is_set():
        raise typer.Exit(1)


def _on_signals(stop: threading.Event) -> None:
    def handler(signum: int, _frame: object) -> None:
        if stop.is_set():
            raise SystemExit(128 + signum)
        stop.set()
        err.print(f"{signal.Signals(signum).name}: stopping after the running job, if any.")

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def _print_jobs(lines, timezone: str, with_last: bool) -> None:  # type: ignore[no-untyped-def]
    tz = ZoneInfo(timezone)
    console.print(f"Jobs (times in {timezone}):")
    for line in lines:
        text = f"  next {_when(line.next_run, tz)}  {line.id}  — {line.name}"
        if with_last:
            last = (
                f"last {_when(line.last_start, tz, utc=True)} {line.last_status}: {line.last_result}"
                if line.last_start else "never run"
            )  # fmt: skip
            text += f"\n      {last}"
        console.print(text, soft_wrap=True, markup=False)


def _when(moment: datetime | None, tz: ZoneInfo, utc: bool = False) -> str:
    if moment is None:
        return "—"
    if utc:  # stored timestamps are naive UTC
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M}"


def _say(line: str) -> None:
    console.print(line, soft_wrap=True, markup=False)
