"""``python -m radar.cli`` runs the CLI (as the ``radar`` console script does)."""

from radar.cli.app import main

main()
