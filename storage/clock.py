"""The one clock storage stamps rows with: naive UTC (both back ends store it the same way)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC now, as every timestamp column holds it."""
    return datetime.now(UTC).replace(tzinfo=None)
