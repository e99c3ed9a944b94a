"""A minimal SMTP server on loopback, started by a test: it accepts or refuses each message as told."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Mailbox:
    """What the server answers at the end of DATA ("250 …" accepts), and the messages it accepted."""

    reply_to_data: str = "250 2.0.0 accepté"
    accepted: list[str] = field(default_factory=list)


@contextmanager
def smtp_server(mailbox: Mailbox) -> Iterator[int]:
    """Serve SMTP on 127.0.0.1 in a thread for the block; yield the port."""

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(f"{line}\r\n".encode())

        def handle(self) -> None:
            self.reply("220 test ESMTP")
            while raw := self.rfile.readline():
                command = raw.decode("utf-8", "replace").strip().upper()
                if command.startswith(("EHLO", "HELO")):
                    self.reply("250 test")
                elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                    self.reply("250 2.1.0 ok")
                elif command == "DATA":
                    self.reply("354 go ahead")
                    lines = []
                    while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                        lines.append(line.decode("utf-8", "replace"))
                    if mailbox.reply_to_data.startswith("250"):
                        mailbox.accepted.append("".join(lines))
                    self.reply(mailbox.reply_to_data)
                elif command == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("502 5.5.2 not implemented")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
