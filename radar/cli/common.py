"""What every CLI module shares: the consoles, the database option, the error exit."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

console = Console()
# Error messages name files and fields; wrapping them would break copy-paste and greps.
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--database-url", envvar="RADAR_DATABASE_URL", help="Database URL (overrides radar.toml)."
    ),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/bold red] {message}")
    return typer.Exit(code)
