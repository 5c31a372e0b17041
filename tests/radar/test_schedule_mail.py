"""Staff hear about sources: an alert when one turns failing or paused, and a weekly summary,
both received by a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

from radar.jobs import schedule as jobs
from radar.jobs.scheduled import alert_breakage
from storage import job_runs
from tests.radar.schedule_kit import feed_site, settings_for, smtp_server, sources_file

CRAWL = "crawl:30 2 * * *"


def _body(message) -> str:  # type: ignore[no-untyped-def]
    return message.get_payload(decode=True).decode()


def test_a_breaking_source_is_mailed_once_per_change_and_the_summary_lists_it(tmp_path):
    with feed_site() as site, smtp_server() as (port, inbox):
        site.mode["broken"] = "fail"
        sources = sources_file(tmp_path / "s.toml", site.base, {"good": "daily", "broken": "daily"})
        settings = settings_for(
            tmp_path, sources, smtp_host="127.0.0.1", smtp_port=port,
            staff_emails=["io@example.uz", "it@example.uz"], pause_after_failures=2,
        )  # fmt: skip
        with jobs.open_scheduler(settings) as sched:
            first = jobs.run_now(sched, CRAWL)
            after_first = inbox.subjects()
            assert alert_breakage(sched.engine, settings) == "no new breakage"  # told already
            second = jobs.run_now(sched, "broken")  # a source's name runs its crawl job
            summary = jobs.run_now(sched, "health-summary")
            last = job_runs.last_job_runs(sched.engine)
    assert first.status == second.status == summary.status == "ok"
    assert after_first == ["Radar: source broken is failing"]
    assert inbox.subjects() == [
        "Radar: source broken is failing",
        "Radar: source broken is paused",
        "Radar source health 2026-11-20 to 2026-11-27: 1 of 2 sources need attention",
    ]
    alert, paused, weekly = inbox.messages
    assert alert["To"] == "io@example.uz, it@example.uz"
    assert "now failing after 1 failed run(s)" in _body(alert)
    assert "radar sources resume broken" in _body(paused)
    text = _body(weekly)
    assert text.index("broken: paused") < text.index("good: ok")  # worst first
    assert "broken: paused — 2 runs (0 ok, 0 partial, 2 failed)" in text
    assert "good: ok — 2 runs (2 ok, 0 partial, 0 failed), 2 new" in text
    assert "alerts sent: broken paused" in last[CRAWL]["result"]
    assert last["health-summary"]["result"].startswith("summary of 2 sources (1 failing or paused)")


def test_without_staff_addresses_nothing_is_mailed_and_the_run_says_why(tmp_path):
    with smtp_server() as (port, inbox):
        sources = sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", {"blog": "daily"})
        settings = settings_for(tmp_path, sources, smtp_host="127.0.0.1", smtp_port=port)
        with jobs.open_scheduler(settings) as sched:
            outcome = jobs.run_now(sched, "health-summary")
    assert outcome.result == "not sent: no staff_emails set (RADAR_STAFF_EMAILS)"
    assert inbox.messages == []
