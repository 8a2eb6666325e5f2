"""An SMTP server on 127.0.0.1 that keeps what it is sent, for the worker tests and the
benchmarks: the portal's SMTP backend talks to it as to a real mail server (plain SMTP, no
TLS, no authentication; loopback only)."""

import socketserver
import threading
from collections.abc import Callable
from email import message_from_bytes
from email.message import Message


class SMTPSink:
    """``with SMTPSink() as sink:`` listens on ``sink.port``; ``sink.messages`` holds each
    email taken, ``sink.connections`` counts the SMTP sessions. ``on_message(message)`` runs
    when an email has arrived, before the server answers that it took it."""

    def __init__(self, on_message: Callable[[Message], None] | None = None):
        self.messages: list[Message] = []
        self.connections = 0
        self.on_message = on_message
        self._lock = threading.Lock()
        sink = self

        class Session(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self) -> None:
                with sink._lock:
                    sink.connections += 1
                self.reply("220 sink ESMTP")
                while line := self.rfile.readline():
                    command = line.decode(errors="replace").strip().upper()
                    if command.startswith("EHLO"):
                        self.reply("250-sink")
                        self.reply("250 8BITMIME")
                    elif command.startswith(("HELO", "MAIL", "RCPT", "RSET", "NOOP")):
                        self.reply("250 OK")
                    elif command == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        message = message_from_bytes(b"".join(lines))
                        with sink._lock:
                            sink.messages.append(message)
                        if sink.on_message:
                            sink.on_message(message)
                        self.reply("250 OK")
                    elif command == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Not implemented")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Session)
        self.port: int = self._server.server_address[1]

    def __enter__(self) -> "SMTPSink":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def message_ids(self) -> list[str]:
        with self._lock:
            return [message["Message-ID"] for message in self.messages]
