"""The web UI in Uzbek, Russian and English: catalogues complete, pages translated, the right
lang attribute, locale dates and amounts, the language per account, per person and browser."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from domain import Kind, OpportunityRecord, Profile, Role, Status
from radar.config import load_settings
from radar.jobs.accounts import add_account
from radar.web import create_app
from storage import repository as repo
from storage.engine import make_engine

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "feeds" / "locale"
STAFF, PASSWORD = "staff@uni.example.uz", "пароль-staff-1"
CALL = OpportunityRecord(
    "demo/call-1", "demo", "https://calls.example.org/1", "Solar grant", kind=Kind.GRANT,
    deadline=date(2027, 3, 1), status=Status.OPEN, amount=12500, currency="EUR",
    host_country="DE",
)  # fmt: skip
# (language, a word of the page's own text, how 1 March 2027 and 12,500 EUR read there)
LANGS = [
    ("en", "Open opportunities", "March 1, 2027", "€12,500"),
    ("ru", "Открытые возможности", "1 марта 2027 г.", "12 500 €"),
    ("uz", "Ochiq imkoniyatlar", "1-mart, 2027", "12 500 €"),
]


@pytest.fixture
def site(sqlite_url):
    engine = make_engine(sqlite_url)
    repo.upsert_opportunities(engine, [CALL], datetime(2026, 11, 27))
    repo.upsert_profiles(engine, [
        Profile("stu-timur", "Timur", Role.STUDENT, email="t@example.uz", language="ru"),
    ])  # fmt: skip
    add_account(engine, STAFF, PASSWORD, "staff")
    app = create_app(load_settings(database_url=sqlite_url, base_url="https://radar.example.uz"))
    yield app, engine, repo.issue_token(engine, "stu-timur")
    engine.dispose()


def _text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, response.data
    # CLDR puts (narrow) no-break spaces in dates and numbers; compare them as spaces
    return response.get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")


def _lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def _login(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    done = client.post("/login", data={"csrf_token": csrf, "email": STAFF, "password": PASSWORD})
    assert done.status_code == 302


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with open(LOCALE / language / "LC_MESSAGES" / "web.po", "rb") as f:
        return read_po(f, locale=language, domain="web")


def test_every_ui_string_has_a_russian_and_uzbek_translation():
    """Every msgid the code and templates use is in the catalogues, none left empty."""
    mapping = [("radar/web/**.py", "python"), ("radar/web/templates/**.html", "jinja2")]
    used = {
        (m[2] if isinstance(m[2], str) else m[2][0])
        for m in extract_from_dir(ROOT, method_map=mapping, keywords={"_": None, "gettext": None, "ngettext": (1, 2)})
    }  # fmt: skip
    assert len(used) > 100
    for language in ("en", "ru", "uz"):
        catalog = _catalog(language)
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
        assert used <= ids, f"{language}: not in web.po: {sorted(used - ids)}"
        for m in catalog:
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            assert m.id == "" or all(strings), f"{language}: empty msgstr for {m.id!r}"
            assert not m.fuzzy or not m.id, f"{language}: fuzzy {m.id!r} would not be shown"
    russian = {m.id: m.string for m in _catalog("ru") if m.id}
    assert russian["Log in"] == "Войти"


@pytest.mark.parametrize(("language", "heading", "day", "amount"), LANGS)
def test_the_open_list_follows_accept_language(site, language, heading, day, amount):
    app, _engine, _token = site
    page = _text(app.test_client().get("/", headers={"Accept-Language": f"{language},en;q=0.5"}))
    assert _lang(page) == language
    assert f"<h1>{heading}</h1>" in page
    assert day in page and amount in page  # locale-aware dates and amounts


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["Staff login", "Password", "Log in"]),
     ("ru", ["Вход для сотрудников", "Пароль", "Войти"]),
     ("uz", ["Xodimlar uchun kirish", "Parol", "Kirish"])],
)  # fmt: skip
def test_the_switcher_sets_the_language_and_remembers_it(site, language, expected):
    app, _engine, _token = site
    client = app.test_client()
    first = _text(client.get(f"/login?lang={language}", headers={"Accept-Language": "fr"}))
    later = _text(client.get("/login", headers={"Accept-Language": "fr"}))  # the cookie
    for page in (first, later):
        assert _lang(page) == language
        assert all(text in page for text in expected), expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["<h1>For Timur</h1>", "Your link", "Unsubscribe from digests", "Do not show me this one again", "<h1>Your subscription</h1>"]),
     ("ru", ["<h1>Для: Timur</h1>", "Ваша ссылка", "Отписаться от рассылки", "Больше не показывать мне это", "<h1>Ваша подписка</h1>"]),
     ("uz", ["<h1>Timur uchun</h1>", "Havolangiz", "Xabarnomalardan obunani bekor qilish", "Buni menga boshqa ko‘rsatmang", "<h1>Obunangiz</h1>"])],
)  # fmt: skip
def test_the_persons_pages_speak_the_persons_language(site, language, expected):
    app, engine, token = site
    person = repo.load_profiles(engine, ids=["stu-timur"])[0]
    person.language = language
    repo.upsert_profiles(engine, [person])
    client = app.test_client()
    other = {"Accept-Language": "ru" if language != "ru" else "en"}  # the browser is ignored
    pages = [_text(client.get(f"/p/{token}/{path}", headers=other))
             for path in ("", "unsubscribe", f"not-relevant?o={CALL.id}", "subscribe")]  # fmt: skip
    assert all(_lang(p) == language for p in pages)
    joined = "\n".join(pages)
    assert not [text for text in expected if text not in joined]


def test_the_switcher_wins_on_a_persons_page(site):
    app, _engine, token = site
    uzbek = _text(app.test_client().get(f"/p/{token}/?lang=uz"))  # the person reads Russian
    assert _lang(uzbek) == "uz" and "<h1>Timur uchun</h1>" in uzbek


def test_admin_pages_in_each_language(site):
    app, engine, _token = site
    add_account(engine, "admin@uni.example.uz", PASSWORD, "admin")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": csrf, "email": "admin@uni.example.uz", "password": PASSWORD})
    for language, users, sources in (("en", "Add an account", "Source health"),
                                     ("ru", "Добавить учётную запись", "Состояние источников"),
                                     ("uz", "Hisob qo‘shish", "Manbalar holati")):  # fmt: skip
        headers = {"Accept-Language": language}
        assert users in _text(client.get("/admin/users", headers=headers))
        assert sources in _text(client.get("/admin/sources", headers=headers))


def test_error_and_flash_messages_are_translated(site):
    app, _engine, _token = site
    client = app.test_client()
    gone = _text(client.get("/p/" + "A" * 43 + "/", headers={"Accept-Language": "uz"}))
    assert "404 Topilmadi" in gone and "Bu havola yaroqsiz" in gone
    refused = client.post("/login", data={"email": STAFF, "password": "x"},
                          headers={"Accept-Language": "ru"})  # fmt: skip
    assert refused.status_code == 400 and "Форма отклонена" in _text(refused)
    page = client.get("/login", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    wrong = client.post("/login", data={"csrf_token": csrf, "email": STAFF, "password": "wrong-one"},
                        headers={"Accept-Language": "ru"})  # fmt: skip
    assert wrong.status_code == 401 and "Неверный адрес или пароль." in _text(wrong)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["<h1>Curate</h1>", "Recommended to", "<h1>Opportunities</h1>", "Host country",
             "Original page", "Last verified", "Germany", "€12,500", "March 1, 2027"]),
     ("ru", ["<h1>Курирование</h1>", "Рекомендовано", "<h1>Возможности</h1>", "Страна",
             "Исходная страница", "Последняя проверка", "Германия", "12 500 €", "1 марта 2027 г."]),
     ("uz", ["<h1>Saralash</h1>", "Tavsiya qilingan", "<h1>Imkoniyatlar</h1>", "Mezbon mamlakat",
             "Asl sahifa", "Oxirgi tekshiruv", "Germaniya", "12 500 €", "1-mart, 2027"])],
)  # fmt: skip
def test_staff_pages_in_each_language(site, language, expected):
    app, _engine, _token = site
    client = app.test_client()
    _login(client)
    headers = {"Accept-Language": language}
    pages = [_text(client.get(url, headers=headers))
             for url in ("/staff", "/opportunities", f"/opportunities/{CALL.id}")]  # fmt: skip
    assert all(_lang(p) == language for p in pages)
    joined = "\n".join(pages)
    missing = [text for text in expected if text not in joined]
    assert not missing


def test_an_account_keeps_its_language_across_sessions(site):
    app, engine, _token = site
    first = app.test_client()
    _login(first)
    assert _lang(_text(first.get("/staff?lang=uz"))) == "uz"
    assert repo.find_user(engine, STAFF).language == "uz"
    other_browser = app.test_client()  # no cookie, a Russian browser: the account's choice wins
    _login(other_browser)
    page = _text(other_browser.get("/staff", headers={"Accept-Language": "ru"}))
    assert _lang(page) == "uz" and "<h1>Saralash</h1>" in page


def test_refusals_from_the_jobs_layer_read_in_the_staff_language(site):
    app, _engine, _token = site
    client = app.test_client()
    _login(client)
    page = client.get("/staff?lang=ru").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = {"csrf_token": csrf, "opportunity_id": CALL.id, "action": "recommend", "target": "group:x"}
    refused = _text(client.post("/staff", data=data, follow_redirects=True))
    assert "Кому рекомендовать? group:x — не известный человек и не группа." in refused
    data.update(action="note", note="n" * 2001)
    long_note = _text(client.post("/staff", data=data, follow_redirects=True))
    assert "Заметка длиннее 2000 символов" in long_note


@pytest.mark.parametrize("value", ["", "xx", "russian", "ru-RU", "uz_UZ", "%00", "e" * 5000])
def test_odd_language_values_never_break_a_page(site, value):
    app, _engine, _token = site
    client = app.test_client()
    client.set_cookie("lang", value[:100])
    page = client.get("/", query_string={"lang": value}, headers={"Accept-Language": value[:200]})
    assert page.status_code == 200
    expected = {"ru-RU": "ru", "uz_UZ": "uz"}.get(value, "en")
    assert _lang(_text(page)) == expected
