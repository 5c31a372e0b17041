"""Crawl several sources, each in its own subprocess (``python -m crawlers.run``), a few at once.

Each crawl run is opened here before its subprocess starts, so a subprocess that crashes, is
killed or hangs past the timeout still leaves a finished, failed crawl run with the reason.
A paused source (too many consecutive failures) is skipped with a message saying how to
resume it; no crawl run is recorded for it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawlers.results import CrawlResult, failed_result, skipped_result
from crawlers.sources import SourceConfig, load_sources, select_sources

if TYPE_CHECKING:
    from sqlalchemy import Engine

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TIMEOUT_S = 30 * 60
# Consecutive failed runs after which a source is paused (radar's RADAR_PAUSE_AFTER_FAILURES).
DEFAULT_PAUSE_AFTER = 5
# The crawler stops itself a little before the hard timeout (a fifth of it, at most 30 s),
# to store and record in peace; the hard timeout kills it.
GRACE_S = 30
STDERR_TAIL_LINES = 5


def crawl_sources(
    sources_file: Path | str,
    database_url: str,
    only: str | Iterable[str] | None = None,
    base: str | None = None,
    parallel: int = 2,
    on_done: Callable[[CrawlResult], None] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    log_level: str = "INFO",
    log_dir: Path | str | None = None,
    today: date | None = None,
    pause_after: int | None = DEFAULT_PAUSE_AFTER,
    allowed_hosts: Iterable[str] = (),
    contact_url: str | None = None,
    settings: dict[str, Any] | None = None,
) -> list[CrawlResult]:
    """Crawl the sources of a file (or the ``only`` ones); results in the file's order.

    Raises SourcesError (nothing crawled, nothing written) when the file has a problem.
    ``on_done`` is called with each result as soon as its source finishes (or is skipped).
    ``pause_after``: consecutive failed runs after which a source is paused (0/None: never);
    paused sources are skipped until ``radar sources resume NAME``. ``allowed_hosts``: private
    hosts that may be fetched, as URLs write them. ``contact_url``: named in the User-Agent.
    ``settings``: Scrapy settings on top of crawlers.settings (benchmarks, tests).
    """
    sources_file = Path(sources_file).resolve()
    selected = select_sources(
        load_sources(sources_file, base=base),
        only if only is None or isinstance(only, str) else tuple(only),
        sources_file,
    )
    from crawlers.pipelines.store import open_engine  # storage only once the file is good

    engine = open_engine(database_url)
    launch = _Launcher(
        sources_file,
        database_url,
        base,
        timeout,
        log_level,
        log_dir,
        today,
        extra_args=_extra_args(pause_after, allowed_hosts, contact_url, settings or {}),
        pause_after=pause_after,
    )
    results: dict[str, CrawlResult] = {}
    try:
        with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
            futures = {pool.submit(launch.crawl, engine, source): source for source in selected}
            for future in as_completed(futures):
                result = future.result()
                results[result.source] = result
                if on_done is not None:
                    on_done(result)
    finally:
        engine.dispose()
    return [results[source.name] for source in selected]


def all_failed(results: list[CrawlResult]) -> bool:
    """True when every source that was crawled failed (``radar crawl`` then exits non-zero);
    paused sources, skipped, do not count."""
    crawled = [r for r in results if not r.skipped]
    return bool(crawled) and all(r.failed for r in crawled)


def _extra_args(
    pause_after: int | None,
    allowed_hosts: Iterable[str],
    contact_url: str | None,
    settings: dict[str, Any],
) -> list[str]:
    args = ["--pause-after", str(pause_after or 0)]
    for host in allowed_hosts:
        args += ["--allow-host", host]
    if contact_url:
        args += ["--contact-url", contact_url]
    for name, value in settings.items():
        args += ["--setting", f"{name}={json.dumps(value)}"]
    return args


class _Launcher:
    """Runs one source's subprocess and turns whatever happens into a recorded CrawlResult."""

    def __init__(
        self,
        sources_file: Path,
        database_url: str,
        base: str | None,
        timeout: float,
        log_level: str,
        log_dir: Path | str | None,
        today: date | None,
        extra_args: list[str],
        pause_after: int | None,
    ):
        self.extra_args = extra_args
        self.pause_after = pause_after
        self.sources_file = sources_file
        self.database_url = database_url
        self.base = base
        self.timeout = timeout
        self.log_level = log_level
        self.log_dir = Path(log_dir) if log_dir else None
        self.today = today

    def crawl(self, engine: Engine, source: SourceConfig) -> CrawlResult:
        """Open the run, run the subprocess, and finish the run here if the subprocess did not."""
        from crawlers.pipelines.store import begin_run, finish_run, source_state

        try:
            state = source_state(engine, source.name)
            if state is not None and state["health"] == "paused":
                return skipped_result(source.name, _paused_message(source.name, state))
            run_id = begin_run(engine, source)
        except Exception as exc:  # the database refuses: report, nothing can be recorded
            return failed_result(source.name, f"could not open a crawl run: {exc}")
        try:
            result = self._run(source, run_id)
        except Exception as exc:  # e.g. the interpreter cannot be started: still a recorded run
            result = failed_result(source.name, f"crawler process could not run: {exc}", run_id)
        if not result.recorded:
            try:
                finish_run(
                    engine,
                    run_id,
                    result.stats,
                    "failed",
                    result.details,
                    min_items=source.expected_min_items,
                    pause_after=self.pause_after,
                )
                result.recorded = True
            except Exception as exc:
                result.stats.errors.append(f"could not record the crawl run: {exc}")
        return result

    def _run(self, source: SourceConfig, run_id: int) -> CrawlResult:
        command = [
            sys.executable, "-m", "crawlers.run",
            "--sources", str(self.sources_file),
            "--only", source.name,
            "--database-url", self.database_url,
            "--run-id", str(run_id),
            "--log-level", self.log_level,
            "--time-limit", str(self.timeout - min(GRACE_S, self.timeout / 5)),
        ]  # fmt: skip
        command += self.extra_args
        if self.base is not None:
            command += ["--base", self.base]
        if self.today is not None:
            command += ["--today", self.today.isoformat()]
        try:
            proc = subprocess.run(
                command,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=self.timeout,
                env=_child_env(),
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            self._save_log(source, _as_text(exc.stderr))
            return failed_result(
                source.name, f"crawler killed after the {self.timeout:g} s timeout", run_id
            )
        self._save_log(source, proc.stderr)
        result = _parse_result(proc.stdout)
        if result is not None and result.recorded:
            return result
        reason = _exit_reason(proc.returncode)
        tail = " | ".join(proc.stderr.strip().splitlines()[-STDERR_TAIL_LINES:])
        error = f"crawler process {reason}" + (f": {tail}" if tail else "")
        if result is not None:
            result.stats.errors.append(error)
            result.status = "failed"
            result.run_id = run_id
            return result
        return failed_result(source.name, error, run_id, returncode=proc.returncode)

    def _save_log(self, source: SourceConfig, text: str) -> None:
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            (self.log_dir / f"{source.name}.log").write_text(text, encoding="utf-8")


def _paused_message(name: str, state: dict[str, Any]) -> str:
    # Short enough for the crawl table's error column; `radar sources` says since when.
    return (
        f"paused after {state['consecutive_failures']} failed runs; "
        f"run `radar sources resume {name}`"
    )


def _child_env() -> dict[str, str]:
    # The child must import the project even when it is not pip-installed.
    env = dict(os.environ)
    paths = [str(REPO_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def _parse_result(stdout: str) -> CrawlResult | None:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            try:
                return CrawlResult.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                return None
    return None


def _exit_reason(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exited with code {returncode}"


def _as_text(value: bytes | str | None) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value or ""
