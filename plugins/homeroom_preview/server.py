"""The preview's HTTP server: static files, plus /__homeroom__/events (server-sent events)."""

import functools
import http.server
import json
import threading
from pathlib import Path

PREFIX = "/__homeroom__/"
SCRIPT = (Path(__file__).parent / "reload.js").read_bytes()


class BuildState:
    """The latest build: a number that grows, and its problems (empty when it was good)."""

    def __init__(self):
        self.version = 0
        self.problems: list[str] = []
        self.changed = threading.Condition()

    def publish(self, problems: list[str]) -> None:
        with self.changed:
            self.version += 1
            self.problems = list(problems)
            self.changed.notify_all()

    def message(self) -> bytes:
        data = json.dumps({"version": self.version, "problems": self.problems})
        return f"event: build\ndata: {data}\n\n".encode()


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    state: BuildState
    pages: dict  # name -> function returning HTML: pages of the preview only

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        if self.path.startswith(PREFIX + "events"):
            return self.events()
        if self.path.startswith(PREFIX + "reload.js"):
            return self.send_bytes(SCRIPT, "text/javascript; charset=utf-8")
        name = self.path.removeprefix(PREFIX).strip("/")
        if self.path.startswith(PREFIX) and name in self.pages:
            return self.send_bytes(self.pages[name]().encode(), "text/html; charset=utf-8")
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.name != "email.html" and path.is_file():
            html = path.read_bytes()
            tag = (
                f'<script src="{PREFIX}reload.js" data-build="{self.state.version}"></script>'
            ).encode()
            html = html.replace(b"</body>", tag + b"</body>", 1)
            return self.send_bytes(html, "text/html; charset=utf-8")
        return super().do_GET()

    def send_bytes(self, data: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def events(self) -> None:
        """Send the latest build now, then every new one, until the tab goes away."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.state
        seen = -1
        try:
            while True:
                with state.changed:
                    if state.version == seen:
                        state.changed.wait(timeout=15)
                    version, message = state.version, state.message()
                if version == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(message)
                    seen = version
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


class PreviewServer(http.server.ThreadingHTTPServer):
    """Serves `folder` on 127.0.0.1; `state` says what the latest build was."""

    daemon_threads = True

    def __init__(self, folder: Path, state: BuildState, port: int, pages: dict | None = None):
        handler = type("Handler", (PreviewHandler,), {"state": state, "pages": pages or {}})
        handler = functools.partial(handler, directory=str(folder))
        try:
            super().__init__(("127.0.0.1", port), handler)
        except OSError:  # the port is taken: any free one will do
            super().__init__(("127.0.0.1", 0), handler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"
