"""A webhook receiver for tests, on 127.0.0.1 only."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    """Records every request and answers `status` (set it to 500 or 410 to fail); `stop()`
    takes it down and `start()` brings it back on the same port."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.requests: list[dict] = []
        self.status = 200
        self.delay = 0.0
        self.lock = threading.Lock()
        self.server = None

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.lock:
                    receiver.requests.append(
                        {
                            "path": self.path,
                            "headers": {k.lower(): v for k, v in self.headers.items()},
                            "body": body,
                        }
                    )
                    status = receiver.status
                time.sleep(receiver.delay)
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def ids(self, path: str = "/hook") -> list[str]:
        return [r["headers"]["webhook-id"] for r in self.requests if r["path"] == path]


@contextmanager
def subscribed_workspace(url: str, monkeypatch) -> Iterator[tuple[Receiver, Any, str]]:
    """A running receiver, and a workspace on the database at `url` whose webhook subscribes
    it to every event; yields (receiver, workspace, the webhook's signing secret)."""
    from api.db import make_engine
    from api.main import create_app
    from api.settings import Settings, get_settings
    from tests.factories import make_workspace

    receiver = Receiver()
    receiver.start()
    monkeypatch.setattr(get_settings(), "webhooks_allow_private", True)
    engine = make_engine(url)
    try:
        app = create_app(Settings(environment="test", database_url=url), engine=engine)
        ws = make_workspace(app, engine)
        r = ws.client.post(ws.url("/webhooks"), json={"url": receiver.url(), "event_types": ["*"]})
        assert r.status_code == 201, r.text
        yield receiver, ws, r.json()["secret"]
    finally:
        receiver.stop()
        engine.dispose()
