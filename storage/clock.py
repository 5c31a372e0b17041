"""The clock storage stamps rows with: the project's one clock (domain.clock), as naive UTC."""

from domain.clock import utcnow

__all__ = ["utcnow"]
