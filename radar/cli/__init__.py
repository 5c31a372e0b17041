"""The ``radar`` command line (Typer + rich); each command's help ends with an example."""

from radar.cli.app import app, main

__all__ = ["app", "main"]
