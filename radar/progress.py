"""Rich progress bars for long CLI work, as the jobs' progress callbacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from radar.jobs.common import Progress as ProgressCallback


@contextmanager
def progress_bar(console: Console, title: str, total: int | None) -> Iterator[ProgressCallback]:
    """A bar with ``total`` steps (spinner when unknown); yields the callback jobs advance."""
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[what]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(title, total=total, what="")

        def advance(step: int, what: str) -> None:
            bar.update(task, advance=step, what=what)

        yield advance
