"""A webhook receiver for the tests: an HTTP server on 127.0.0.1 that keeps what it is sent and answers
with the status codes it is told, one per request (200 once they run out)."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)

    def events(self, event_type: str, lecture_id: str) -> list[Received]:
        return [
            r
            for r in self.received
            if r.event["type"] == event_type and r.event["data"]["lecture"]["id"] == lecture_id
        ]

    def wait_for(self, event_type: str, lecture_id: str, timeout: float = 120) -> Received:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := self.events(event_type, lecture_id):
                return found[0]
            time.sleep(0.2)
        raise TimeoutError(f"no {event_type} for lecture {lecture_id}: {self.received}")

    @staticmethod
    def verified(received: Received, secret: str) -> dict:
        """The event, once its Standard Webhooks signature checks out (raises otherwise)."""
        return Webhook(secret).verify(received.body, received.headers)


@contextmanager
def run_receiver() -> Iterator[Receiver]:
    receiver = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            status = receiver.answers.pop(0) if receiver.answers else 200
            if status < 300:
                receiver.received.append(Received(dict(self.headers.items()), body))
            self.send_response(status)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_port}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
