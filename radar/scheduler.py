"""The scheduler, as the architecture names it: what runs when (radar.jobs.schedule_plan) and
the process that runs it (radar.jobs.schedule); ``radar schedule`` is its command."""

from radar.jobs.schedule import open_scheduler, serve, tick
from radar.jobs.schedule_plan import JobBook, cron_for, plan

__all__ = ["JobBook", "cron_for", "open_scheduler", "plan", "serve", "tick"]
