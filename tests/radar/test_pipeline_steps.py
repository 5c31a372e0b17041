"""The finer Celery steps, run in this process on a real SQLite file and SMTP server: a step run
twice under one key does its work once; shards and batches split people without gaps or
overlaps; a stage is enqueued once when its last steps end together."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain import Kind, Level, OpportunityRecord, Profile, Role, Status, clock
from radar.jobs import pipelines
from radar.jobs import schedule as jobs
from radar.jobs.match import run_match
from radar.jobs.schedule_plan import DueRun
from radar.jobs.schedule_runs import execute
from radar.jobs.scheduled import JobContext
from radar.jobs.steps import shard_of
from storage import job_runs
from storage import repository as repo
from tests.radar.schedule_kit import feed_site, settings_for, smtp_server, sources_file

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
CRAWL = DueRun("crawl:30 2 * * *", "crawl", ("blog",), [NOW], "schedule")
DIGESTS = DueRun("digests", "digests", (), [NOW], "schedule")
TOPICS = ["solar energy", "machine learning", "public health", "water management", "linguistics"]


def _seed(engine, people: int = 24) -> list[str]:  # type: ignore[no-untyped-def]
    profiles = [
        Profile(
            f"p{i:03d}", f"Person {i}", Role.STUDENT, email=f"p{i:03d}@example.uz",
            interests=TOPICS[i % len(TOPICS)], level=Level.MASTER, citizenship="UZ",
            details={"digest": "daily"},
        )
        for i in range(people)
    ]
    repo.upsert_profiles(engine, profiles)
    calls = [
        OpportunityRecord(
            f"demo/{n}", "demo", f"https://example.org/{n}", f"PhD and master grant in {topic}",
            summary=f"Funding for research in {topic}. Open to all nationalities.",
            kind=Kind.SCHOLARSHIP, deadline=date(2027, 3, 1), status=Status.OPEN,
            levels=[Level.MASTER, Level.PHD],
        )
        for n, topic in enumerate(TOPICS)
    ]
    repo.upsert_opportunities(engine, calls, datetime(2026, 11, 20))
    return [p.id for p in profiles]


def _step(parent: DueRun, kind: str, *params: str) -> DueRun:
    return pipelines.step_run(parent, kind, tuple(params))


def _run(sched, step: DueRun):  # type: ignore[no-untyped-def]
    return execute(sched.engine, step, JobContext(sched.settings), lambda _l: None,
                   run_key=pipelines.run_key(step))  # fmt: skip


def _pairs(matches) -> set[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    return {(m.profile_id, m.opportunity_id, m.rank) for m in matches}


def test_shards_together_give_the_full_rematch_and_a_shard_run_twice_works_once(db_url, tmp_path):
    sources = sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", {"blog": "daily"})
    settings = settings_for(tmp_path, sources, database_url=db_url)
    with clock.pinned(NOW), jobs.open_scheduler(settings) as sched:
        ids = _seed(sched.engine)
        run_match(sched.engine, clock.today(settings.timezone), full=True,
                  timezone=settings.timezone, limit=settings.match_limit)  # fmt: skip
        full = _pairs(repo.load_matches(sched.engine))
        repo.replace_matches(sched.engine, [], ids, clock.utcnow())
        outcomes = [_run(sched, _step(CRAWL, "rematch-shard", str(i), "3")) for i in range(3)]
        sharded = repo.load_matches(sched.engine)
        again = _run(sched, _step(CRAWL, "rematch-shard", "1", "3"))
        after = repo.load_matches(sched.engine)
        rows = job_runs.job_runs(sched.engine)
    assert [o.status for o in outcomes] == ["ok", "ok", "ok"]
    assert full and _pairs(sharded) == full  # no one lost, no one matched twice
    assert sum(int(o.result.split(": ")[1].split()[0]) for o in outcomes) == len(ids)
    assert again.status == "done"  # same key: not run again
    assert [m.computed_at for m in after] == [m.computed_at for m in sharded]
    assert len(rows) == 3 and {r["attempts"] for r in rows} == {1}


def test_a_digest_batch_run_twice_mails_each_person_once(db_url, tmp_path):
    with smtp_server() as (port, inbox):
        sources = sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", {"blog": "daily"})
        settings = settings_for(tmp_path, sources, database_url=db_url, smtp_host="127.0.0.1",
                                smtp_port=port)  # fmt: skip
        with clock.pinned(NOW), jobs.open_scheduler(settings) as sched:
            ids = _seed(sched.engine)
            run_match(sched.engine, clock.today(settings.timezone), full=True,
                      timezone=settings.timezone)  # fmt: skip
            first = [_run(sched, _step(DIGESTS, "digest-batch", str(i), "4")) for i in range(4)]
            # A broker delivering batch 2 again, and batch 2 claimed afresh under a new key
            # (a second digest run the same day): the send log still sends nobody twice.
            again = _run(sched, _step(DIGESTS, "digest-batch", "2", "4"))
            later = DueRun("digests", "digests", (), [NOW.replace(hour=10)], "now")
            fresh = _run(sched, _step(later, "digest-batch", "2", "4"))
    received = sorted(str(m["To"]).split("<")[1].rstrip(">") for m in inbox.messages)
    assert [o.status for o in first] == ["ok"] * 4
    assert received == sorted(f"{pid}@example.uz" for pid in ids)  # each person exactly once
    sizes = [int(o.result.split("digests: ")[1].split()[0]) for o in first]
    assert sizes == [sum(shard_of(pid, 4) == i for pid in ids) for i in range(4)]
    assert again.status == "done"
    assert fresh.status == "ok" and fresh.result.startswith("batch 2 of 4: daily digests: 0 sent")


def test_a_crawl_source_step_run_twice_fetches_once(tmp_path):
    with feed_site() as site:
        settings = settings_for(tmp_path, sources_file(tmp_path / "s.toml", site.base,
                                                       {"blog": "daily", "news": "daily"}))  # fmt: skip
        with clock.pinned(NOW), jobs.open_scheduler(settings) as sched:
            first = _run(sched, _step(CRAWL, "crawl-source", "blog"))
            again = _run(sched, _step(CRAWL, "crawl-source", "blog"))
            stored = repo.load_opportunities(sched.engine)
    assert first.status == "ok" and first.result.startswith("blog ok: 2 new")
    assert again.status == "done"
    assert (site.hits["blog"], site.hits["news"]) == (1, 0)  # one source per step
    assert len(stored) == 2


@pytest.mark.parametrize("ending", ["ok", "gave-up"])
def test_the_next_stage_is_enqueued_once_when_the_stage_has_ended(db_url, tmp_path, ending):
    sources = sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", {"blog": "daily"})
    settings = settings_for(tmp_path, sources, database_url=db_url)
    stages = pipelines.stages_of(CRAWL, settings.model_copy(update={"rematch_shards": 2}))
    assert stages is not None
    sent: list[int] = []
    with clock.pinned(NOW), jobs.open_scheduler(settings) as sched:

        def advance() -> tuple[str, bool]:
            return pipelines.advance(sched.engine, CRAWL, stages, 1, sent.append,
                                     lambda _l: None, sched.timeout)  # fmt: skip

        def end(step: DueRun, status: str) -> None:
            run_id, _ = job_runs.start_job_run(sched.engine, step.job_id, "schedule",
                                               run_key=pipelines.run_key(step))  # fmt: skip
            assert run_id is not None
            job_runs.finish_job_run(sched.engine, run_id, "failed" if status != "ok" else "ok", "x")
            if status == "gave-up":
                job_runs.give_up(sched.engine, pipelines.run_key(step))

        end(_step(CRAWL, "rematch-shard", "0", "2"), "ok")
        waiting = advance()
        end(_step(CRAWL, "rematch-shard", "1", "2"), ending)
        first, second = advance(), advance()  # two last steps ending together
    assert waiting == ("stage 2 of 3: 1 steps still to end", True)
    assert first == ("stage 3 enqueued", True)
    assert second[1] is True and "ok already" in second[0]
    assert sent == [2]  # publish, once


def test_the_last_stage_records_the_job_run_with_its_steps(tmp_path):
    settings = settings_for(tmp_path, sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", {"blog": "daily"}))
    stages = pipelines.stages_of(DIGESTS, settings.model_copy(update={"digest_batches": 1}))
    assert stages == [[("digest-batch", ("0", "1"))]]
    with clock.pinned(NOW), jobs.open_scheduler(settings) as sched:
        _seed(sched.engine, people=2)
        _run(sched, _step(DIGESTS, "digest-batch", "0", "1"))
        text, settled = pipelines.advance(sched.engine, DIGESTS, stages, 0, lambda _i: None,
                                          lambda _l: None, sched.timeout)  # fmt: skip
        listed = {line.id: line for line in jobs.list_jobs(sched)}
    assert settled and text.startswith("1 steps on workers (1 ok); batch 0 of 1: daily digests")
    assert listed["digests"].last_status == "ok"  # --list shows the job's run
