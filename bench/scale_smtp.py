"""A local SMTP server (aiosmtpd) for bench/scale.py that counts the digests it accepts."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Counter:
    """Accepts every message and counts it (the bodies are not kept: 10^5 would fill memory)."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        self.count += 1
        return "250 Message accepted"


@contextmanager
def smtp_counter() -> Iterator[tuple[int, Counter]]:
    """(port, counter) of a running server on 127.0.0.1."""
    counter = Counter()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, counter
    finally:
        controller.stop()
