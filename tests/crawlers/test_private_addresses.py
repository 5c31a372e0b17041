"""The SSRF guard: sources never make the crawler fetch private, loopback or link-local hosts.

The tests allow exactly the host ``127.0.0.1`` (as URLs write it) for their local servers and
prove the block with ``localhost``, a name that resolves to 127.0.0.1 — directly, after a
redirect, and at the resolver when the middleware is switched off (DNS rebinding).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings

from crawlers.middlewares.ssrf import AddressPolicy, address_kind
from crawlers.runner import crawl_sources

FEED = "/feeds/calls-atom.xml"


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback"),
        ("127.8.9.10", "a loopback"),
        ("::1", "a loopback"),
        ("::ffff:127.0.0.1", "a loopback"),
        ("10.1.2.3", "a private"),
        ("172.16.0.1", "a private"),
        ("192.168.1.1", "a private"),
        ("fd00::1", "a private"),
        ("169.254.169.254", "a link-local"),  # cloud metadata service
        ("fe80::1", "a link-local"),
        ("0.0.0.0", "an unspecified"),
        ("224.0.0.1", "a multicast"),
        ("240.0.0.1", "a private"),  # reserved range; Python counts it as private too
        ("100.64.0.1", "a non-public"),  # carrier-grade NAT
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(address) == kind


def test_policy_allows_hosts_exactly_as_written() -> None:
    settings = Settings({"RADAR_ALLOWED_HOSTS": ["127.0.0.1", "Intranet.Example."]})
    policy = AddressPolicy.from_settings(settings)
    assert policy.refusal("127.0.0.1", ["127.0.0.1"]) is None
    assert policy.refusal("intranet.example", ["10.0.0.5"]) is None
    assert policy.refusal("localhost", ["127.0.0.1"]) == (
        "host localhost resolves to 127.0.0.1, a loopback address; private addresses are refused"
    )
    assert policy.refusal("10.0.0.1", ["10.0.0.1"]) == (
        "host 10.0.0.1 is a private address; private addresses are refused"
    )
    # one private address among public ones is enough to refuse a name
    assert "10.0.0.9" in (policy.refusal("mixed.example", ["93.184.216.34", "10.0.0.9"]) or "")
    assert policy.refusal("example.org", ["93.184.216.34"]) is None
    assert AddressPolicy(allow_private=True).refusal("localhost", ["127.0.0.1"]) is None


def _feed(name: str, url: str, extra: str = "") -> str:
    return (
        f'[[sources]]\nname = "{name}"\nspider = "feed"\nurl = "{url}"\n'
        f"download_delay = 0\n{extra}\n"
    )


@pytest.fixture(scope="module")
def guarded(kit: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One run: allowed 127.0.0.1, and every way of reaching a private host from it."""
    from storage.migrate import upgrade

    folder = tmp_path_factory.mktemp("ssrf")
    db_url = f"sqlite:///{folder / 'radar.db'}"
    upgrade(db_url)
    targets: dict[str, str] = {}

    def redirect(handler: Any, count: int) -> None:
        kit.respond(handler, 302, b"", {"Location": targets[handler.path]})

    routes = dict.fromkeys(["/go/name", "/go/metadata", "/go/lan"], redirect)
    with kit.serve_routes(routes, kit.PAGES) as site:
        port = site.base.rsplit(":", 1)[1]
        local = f"http://localhost:{port}{FEED}"
        targets.update(
            {
                "/go/name": local,
                "/go/metadata": "http://169.254.169.254/latest/meta-data/",
                "/go/lan": "http://10.255.255.1/feed.xml",
            }
        )
        text = "".join(
            [
                _feed("allowed-literal", f"{site.base}{FEED}"),
                _feed("by-name", local),
                _feed("ipv6-loopback", f"http://[::1]:{port}{FEED}"),
                _feed("redirect-to-name", f"{site.base}/go/name"),
                _feed("redirect-to-metadata", f"{site.base}/go/metadata"),
                _feed("redirect-to-lan", f"{site.base}/go/lan"),
                _feed("source-allows-private", local, "allow_private = true"),
            ]
        )
        results = crawl_sources(
            kit.write_sources(folder, text),
            db_url,
            parallel=4,
            timeout=120,
            today=kit.TODAY,
            allowed_hosts=kit.ALLOWED,
        )
        return {"db": db_url, "results": {r.source: r for r in results}, "site": site}


def test_the_allowed_host_and_a_source_allowing_private_hosts_are_crawled(guarded: dict) -> None:
    for name in ("allowed-literal", "source-allows-private"):
        result = guarded["results"][name]
        assert result.status == "ok", result.errors
        assert result.stats.new == 2


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("by-name", "host localhost resolves to 127.0.0.1, a loopback address"),
        ("ipv6-loopback", "host ::1 is a loopback address"),
        ("redirect-to-name", "host localhost resolves to 127.0.0.1, a loopback address"),
        ("redirect-to-metadata", "host 169.254.169.254 is a link-local address"),
        ("redirect-to-lan", "host 10.255.255.1 is a private address"),
    ],
)
def test_private_hosts_are_refused_with_the_reason(
    guarded: dict, kit: Any, name: str, reason: str
) -> None:
    result = guarded["results"][name]
    assert result.status == "failed"
    assert any(f"refused: {reason}; private addresses are refused" in e for e in result.errors)
    assert result.details["blocked_private"] == 1
    assert kit.opportunities(guarded["db"], name) == {}


def test_a_refused_redirect_never_reaches_the_private_host(guarded: dict) -> None:
    # Only the redirecting address was asked; the crawler never fetched the page via localhost.
    hits = guarded["site"].hits
    via_name = [h for h in hits if h.headers.get("Host", "").startswith("localhost")]
    assert [h.path for h in via_name] == ["/robots.txt", FEED]  # the allow_private source only
    assert guarded["results"]["redirect-to-name"].details["responses_by_status"] == {
        "302": 1,
        "404": 1,
    }


def test_the_resolver_refuses_a_private_answer_even_without_the_middleware(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    # A name that passed the middleware's check and resolves privately when the connection
    # is made (DNS rebinding) meets the resolver's check; switch the middleware off to see it.
    off = {"DOWNLOADER_MIDDLEWARES": {"crawlers.middlewares.ssrf.PrivateAddressMiddleware": None}}
    with kit.serve(kit.PAGES) as base:
        port = base.rsplit(":", 1)[1]
        sources = kit.write_sources(tmp_path, _feed("rebound", f"http://localhost:{port}{FEED}"))
        (result,) = crawl_sources(
            sources, sqlite_url, today=kit.TODAY, allowed_hosts=kit.ALLOWED, settings=off
        )
    assert result.status == "failed"
    assert result.details["blocked_private"] == 1  # counted by the resolver: the middleware was off
    assert any(
        "refused: host localhost resolves to 127.0.0.1, a loopback address" in error
        for error in result.errors
    ), result.errors
    assert result.details["responses"] == 0


def test_a_link_to_a_local_file_is_never_read(kit: Any, sqlite_url: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("FILE-SECRET-d41d8cd9", encoding="utf-8")
    page = f'<html><body><a class="call" href="file://{secret}">Call</a></body></html>'.encode()

    def listing(handler: Any, count: int) -> None:
        kit.respond(handler, 200, page, {"Content-Type": "text/html; charset=utf-8"})

    text = (
        '[[sources]]\nname = "file-link"\nspider = "listing"\nurl = "{base}/list.html"\n'
        'download_delay = 0\n[sources.selectors]\nitem_link = "css:a.call::attr(href)"\n'
        'title = "css:body"\n'
    )
    with kit.serve_routes({"/list.html": listing}) as site:
        (result,) = crawl_sources(
            kit.write_sources(tmp_path, text),
            sqlite_url,
            base=site.base,
            today=kit.TODAY,
            allowed_hosts=kit.ALLOWED,
        )
    assert result.status == "failed"
    assert any("unsupported URL scheme" in e for e in result.errors), result.errors
    assert "FILE-SECRET" not in repr(kit.crawl_runs(sqlite_url))
    assert kit.opportunities(sqlite_url) == {}
