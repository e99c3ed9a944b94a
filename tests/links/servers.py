"""A real HTTP server on loopback, started by a test: it answers as told and notes when each request came."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Behaviour:
    """What the server answers, changed by the test as it runs: path → status (default 200)."""

    statuses: dict[str, int] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    # (method, path, time.monotonic() on arrival), appended by the server's threads.
    requests: list[tuple[str, str, float]] = field(default_factory=list)

    def times(self) -> list[float]:
        return [at for _method, _path, at in self.requests]


@contextmanager
def http_server(behaviour: Behaviour) -> Iterator[int]:
    """Serve on 127.0.0.1 in a thread for the block; yield the port."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, with_body: bool) -> None:
            behaviour.requests.append((self.command, self.path, time.monotonic()))
            if self.path in behaviour.redirects:
                self.send_response(302)
                self.send_header("Location", behaviour.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = behaviour.statuses.get(self.path, 200)
            body = b"<p>page</p>"
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self._answer(with_body=False)

        def do_GET(self) -> None:
            self._answer(with_body=True)

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
