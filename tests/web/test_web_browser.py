"""The web app in a real headless browser (Playwright driving Debian's chromium)."""

from __future__ import annotations

import shutil
import threading
from datetime import date

import pytest
from werkzeug.serving import make_server

from radar.jobs.match import run_match
from storage import repository as repo

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is a test extra: pip install -e '.[test]'"
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Debian's chromium (apt-get install chromium); .ci/run installs it",
)


@pytest.fixture
def page():
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )  # fmt: skip
        yield browser.new_page()
        browser.close()


def test_index_lists_open_calls_and_escapes_hostile_titles(site, page):
    base, _engine = site
    page.goto(base + "/")
    rows = page.locator("tr.opportunity")
    assert rows.count() == 3
    assert "<script>alert(1)</script> Summer school" in page.inner_text("table")
    page.fill("input[name=q]", "inverters")
    page.click("text=Filter")
    assert page.locator("tr.opportunity").count() == 1
    assert "Power electronics" in page.inner_text("table")


def test_person_sees_reasons_and_can_mute(site, page):
    base, engine = site
    token = repo.issue_token(engine, "rustam")
    page.goto(f"{base}/p/{token}/")
    assert page.locator("h1").inner_text() == "For Рустам Алиев"
    first = page.locator("li.match").first
    assert "matches your interests" in first.inner_text()
    muted_title = first.locator("a").first.inner_text()
    first.locator("text=Not relevant").click()
    assert "we will not show you this one again" in page.locator(".flash").inner_text()
    run_match(engine, date(2026, 11, 27), full=True)
    page.goto(f"{base}/p/{token}/")
    assert muted_title not in page.inner_text("ol")


def test_staff_login_curate_and_health(site, page, staff_token):
    base, engine = site
    page.goto(base + "/staff")
    page.fill("input[name=token]", "wrong")
    page.click("button[name=login]")
    assert "Wrong staff token" in page.inner_text("body")
    page.fill("input[name=token]", staff_token)
    page.click("button[name=login]")
    page.select_option("#opportunity", "demo/call-1")
    page.select_option("#action", "recommend")
    page.select_option("#target", "group:energy")
    page.fill("#note", "Good fit for the energy lab")
    page.click("#curate button[type=submit]")
    assert "Saved" in page.locator(".flash").inner_text()
    assert "group:energy" in page.inner_text("#curated")
    page.select_option("#opportunity", "demo/call-2")
    page.select_option("#action", "hide")
    page.click("#curate button[type=submit]")
    curation = repo.load_curation(engine, repo.load_profiles(engine))
    assert curation["hidden"] == {"demo/call-2"}
    assert curation["recommended"] == {"rustam": {"demo/call-1"}}
    page.goto(base + "/")
    assert page.locator("tr.opportunity").count() == 2  # the hidden one is gone


@pytest.fixture
def attacker():
    """Another site (localhost, not 127.0.0.1) whose page posts a form to the victim site."""
    pages: dict[str, str] = {}

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        body = pages.get(environ["PATH_INFO"], "").encode()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body]

    server = make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}", pages
    server.shutdown()
    server.server_close()


def _forged_form(action: str, fields: dict[str, str]) -> str:
    inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
    return (f'<form id="f" method="post" action="{action}">{inputs}</form>'
            '<script>document.getElementById("f").submit()</script>')  # fmt: skip


def test_a_cross_site_form_post_changes_nothing(site, page, attacker, staff_token):
    base, engine = site
    evil, pages = attacker
    token = repo.issue_token(engine, "rustam")
    # The victim is logged in as staff and has their private page open in this browser.
    page.goto(base + "/staff")
    page.fill("input[name=token]", staff_token)
    page.click("button[name=login]")
    assert "Curate" in page.inner_text("h1")
    page.goto(f"{base}/p/{token}/")
    pages["/hide"] = _forged_form(
        base + "/staff", {"opportunity_id": "demo/call-1", "action": "hide", "csrf_token": ""}
    )
    pages["/rotate"] = _forged_form(f"{base}/p/{token}/rotate", {"csrf_token": ""})
    pages["/mute"] = _forged_form(f"{base}/p/{token}/not-relevant", {"o": "demo/call-1"})
    for path in ("/hide", "/rotate", "/mute"):
        with page.expect_navigation(url=f"{base}/**"):
            page.goto(evil + path)
        assert "Form refused" in page.inner_text("h1"), path
    assert repo.load_curation(engine, [])["hidden"] == set()
    assert repo.load_curation(engine, [])["muted"] == {}
    assert repo.profile_for_token(engine, token) == "rustam"  # not rotated
    page.goto(base + "/staff")  # the staff session itself still works
    assert "Curate" in page.inner_text("h1")
