"""A small threaded HTTP server on 127.0.0.1 that serves a folder (the demo sites, test pages)."""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from radar.demo.shift import shift_text, unshift_path

_TEXT_SUFFIXES = (".xml", ".html", ".json", ".txt", ".atom", ".rss")


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        pass


class _ShiftingHandler(_QuietHandler):
    """Serves text files with their dates moved ``shift_days`` ahead (radar/demo/shift.py)."""

    shift_days = 0

    def translate_path(self, path: str) -> str:
        return super().translate_path(unshift_path(path, self.shift_days))

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if not path.is_file() or path.suffix not in _TEXT_SUFFIXES:
            return super().send_head()
        body = shift_text(path.read_text(encoding="utf-8"), self.shift_days).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_folder(
    folder: Path | str, host: str = "127.0.0.1", *, shift_days: int = 0
) -> Iterator[str]:
    """Serve ``folder`` on a random free port; yields the base URL (no trailing slash).

    With ``shift_days``, text files are served with every date moved that many days ahead.
    """
    handler_class = _QuietHandler
    if shift_days:
        handler_class = type("Shifting", (_ShiftingHandler,), {"shift_days": shift_days})
    handler = functools.partial(handler_class, directory=str(folder))
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
