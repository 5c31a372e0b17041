"""What the scheduler tests share: a feed site whose answers a test can change, settings, SMTP."""

from __future__ import annotations

import email
import os
import signal
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from radar.config import Settings, load_settings

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test blog</title><link>http://example.org/</link>
<description>t</description>
<item><title>Master's scholarship in Korea 2027</title><link>https://blog.example.org/korea</link>
<guid>korea-2027</guid><description>Deadline: 15 March 2027. Open to all nationalities.</description></item>
<item><title>PhD grant in Norway</title><link>https://blog.example.org/norway</link>
<guid>norway</guid><description>Deadline: 1 April 2027.</description></item>
</channel></rss>
"""


class FeedSite:
    """Serves /<name>.xml per source; ``mode[name]`` is ok | hang | fail (HTTP 404)."""

    def __init__(self) -> None:
        self.mode: dict[str, str] = {}
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()  # ends every hanging request
        self.base = ""

    def handler(self):  # type: ignore[no-untyped-def]
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                name = self.path.strip("/").removesuffix(".xml")
                if name == "robots.txt":
                    return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
                site.hits[name] += 1
                mode = site.mode.get(name, "ok")
                if mode == "hang":
                    site.release.wait(60)
                    return self._send(503, b"gave up", "text/plain")
                if mode == "fail":
                    return self._send(404, b"gone", "text/plain")
                return self._send(200, FEED.encode(), "application/rss+xml")

            def _send(self, code: int, body: bytes, kind: str) -> None:
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


@contextmanager
def feed_site() -> Iterator[FeedSite]:
    """The feed site on 127.0.0.1 (random port)."""
    site = FeedSite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), site.handler())
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def sources_file(path: Path, base: str, schedules: dict[str, str]) -> Path:
    """A sources file with one feed source per name, on its schedule."""
    text = "".join(
        f'[[sources]]\nname = "{name}"\nspider = "feed"\nurl = "{base}/{name}.xml"\n'
        f'schedule = "{schedule}"\n\n'
        for name, schedule in schedules.items()
    )
    path.write_text(text, encoding="utf-8")
    return path


def settings_for(
    tmp_path: Path, sources: Path, database_url: str | None = None, **extra: object
) -> Settings:
    """Settings on ``database_url`` (default a SQLite file in ``tmp_path``) that may crawl
    127.0.0.1."""
    return load_settings(
        database_url=database_url or f"sqlite:///{tmp_path / 'radar.db'}",
        sources=sources,
        feeds_dir=tmp_path / "feeds",
        crawl_allowed_hosts=["127.0.0.1"],
        crawl_timeout=120,
        timezone="Asia/Tashkent",
        **extra,
    )


class Inbox(Message):
    """The messages a local SMTP server received."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[email.message.Message] = []

    def handle_message(self, message) -> None:  # type: ignore[no-untyped-def]
        self.messages.append(message)

    def subjects(self) -> list[str]:
        """Each message's subject (unfolded), in the order received."""
        return [" ".join(str(m["Subject"]).split()) for m in self.messages]


@contextmanager
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1; yields its port and inbox."""
    inbox = Inbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def pause(seconds: float) -> None:
    """Wait a little between polls (time.sleep fails under CI's faketime runs; this does not)."""
    threading.Event().wait(seconds)


def reap(proc, seconds: float = 60) -> int:  # type: ignore[no-untyped-def]
    """Wait for a process to end (Popen.wait(timeout) sleeps, which faketime breaks); after
    ``seconds`` its process group is killed."""
    for _ in range(int(seconds / 0.1)):
        if proc.poll() is not None:
            return proc.returncode
        pause(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    return proc.wait()
