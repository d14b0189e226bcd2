"""A real HTTP server in the test process (http.server on 127.0.0.1), answering each path
with a script of responses, and remembering every request: for the fetching tests."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow server)
    trickle: float = 0.0  # seconds between the body's bytes (a server that drips)


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


class Web:
    """`route(path, *answers)`: the answers in turn, the last one again and again."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def route(self, path: str, *answers: Answer) -> None:
        self.routes[path] = list(answers)

    def asked(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def _next(self, path: str) -> Answer:
        with self.lock:
            answers = self.routes.get(path)
            if not answers:
                return Answer(404, b"no such test route")
            return answers.pop(0) if len(answers) > 1 else answers[0]

    def _handler(self):
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                web.requests.append(Request(self.path, dict(self.headers.items()), time.monotonic()))
                answer = web._next(self.path)
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    if answer.status != 304 and answer.trickle:
                        for byte in answer.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(answer.trickle)
                    elif answer.status != 304:
                        self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def web():
    server = Web()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
