"""`radar clusters`: see which records are one call and why; split one off or merge two."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer
from rich.table import Table

from radar.cli.common import DbOption, _fail, console
from radar.config import load_settings
from radar.jobs.common import open_database

clusters_app = typer.Typer(
    help="Calls seen on several sites: list clusters with the reason of each merge; split or merge.",
    no_args_is_help=False,
    invoke_without_command=True,
    epilog="Example: radar clusters   |   radar clusters split blog/epos-2027 --by dilnoza",
)

ByOption = Annotated[
    str | None,
    typer.Option("--by", envvar="RADAR_USER", help="Who decides (default: the login name)."),
]


def _who(by: str | None) -> str:
    return by or os.environ.get("USER") or getpass.getuser()


@clusters_app.callback()
def clusters_list(
    ctx: typer.Context,
    only: Annotated[
        str | None, typer.Option("--id", help="Only the cluster holding this id.")
    ] = None,
    database_url: DbOption = None,
) -> None:
    """List clusters: the item shown, its copies, the rule and score of every merge, splits."""
    if ctx.invoked_subcommand is not None:
        return
    from radar.jobs.clusters import list_clusters

    with open_database(load_settings(database_url=database_url)) as engine:
        views = list_clusters(engine, only=only)
    if not views:
        console.print("No clusters: every stored call stands alone.")
    for view in views:
        _print_view(view)


@clusters_app.command("split", epilog="Example: radar clusters split blog-b/lot-2 --by dilnoza")
def clusters_split(
    opportunity_id: Annotated[str, typer.Argument(help="The record to make its own item.")],
    by: ByOption = None,
    database_url: DbOption = None,
) -> None:
    """Take a record out of its cluster; it stays apart from those records after every crawl."""
    from radar.jobs.clusters import ClusterError, split_off

    with open_database(load_settings(database_url=database_url)) as engine:
        try:
            view = split_off(engine, opportunity_id, _who(by))
        except ClusterError as exc:
            raise _fail(str(exc)) from exc
    console.print(f"Split {opportunity_id} off; it is its own item now.")
    _print_view(view)


@clusters_app.command("merge", epilog="Example: radar clusters merge site-a/x site-b/y --by aziz")
def clusters_merge(
    ids: Annotated[list[str], typer.Argument(help="Two or more records that are one call.")],
    by: ByOption = None,
    database_url: DbOption = None,
) -> None:
    """Make records one item whatever the evidence says; kept after every crawl."""
    from radar.jobs.clusters import ClusterError, merge_records

    with open_database(load_settings(database_url=database_url)) as engine:
        try:
            view = merge_records(engine, ids, _who(by))
        except ClusterError as exc:
            raise _fail(str(exc)) from exc
    console.print(f"Merged {', '.join(ids)}; shown as {view.id}.")
    _print_view(view)


def _print_view(view) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=f"{view.id}: {view.title}", title_justify="left")
    for col in ("record", "source", "url"):
        table.add_column(col, overflow="fold")
    for m in view.members:
        table.add_row(m.id + (" (shown)" if m.id == view.id else ""), m.source, m.url)
    console.print(table)
    for merge in view.merges:
        when = f" at {merge['at']}" if merge.get("at") else ""
        console.print(
            f"  merged {' + '.join(merge['ids'])}: {merge['rule']} "
            f"(score {merge['score']:.2f}) by {merge['by']}{when}",
            soft_wrap=True,
        )
    for split in view.splits:
        when = f" at {split['at']}" if split.get("at") else ""
        console.print(
            f"  kept apart {' / '.join(split['ids'])} by {split['by']}{when}", soft_wrap=True
        )
