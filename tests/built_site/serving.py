"""Serve a built site on 127.0.0.1 the way a static host would, for the browser tests."""

from __future__ import annotations

import functools
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import BinaryIO
from urllib.parse import urlsplit

HOST = "127.0.0.1"


class _Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real static host

    # Set per server by functools.partial: the site_url of mkdocs.yml and the served origin.
    def __init__(self, *args: object, site_url: str, origin: str, **kwargs: object) -> None:
        self._site_origin = _origin(site_url)
        self._served_origin = origin
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        if urlsplit(self.path).path.endswith("/sitemap.xml") and self._site_origin:
            return self._send_sitemap()
        return super().send_head()

    def _send_sitemap(self) -> io.BytesIO | None:
        """The sitemap with site_url's origin replaced by the served one.

        mkdocs-material's instant navigation takes over a click only for a URL listed in
        sitemap.xml, and it aligns the listed URLs' scheme and host with the page's but not
        their port. `mkdocs serve` rebuilds with site_url set to its own address for the
        same reason; a test server on another free port does the equivalent here.
        """
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404, "File not found")
            return None
        text = path.read_text(encoding="utf-8")
        body = text.replace(f"<loc>{self._site_origin}", f"<loc>{self._served_origin}").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the browser tests record every request themselves


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class SiteServer:
    """A threaded HTTP server of ``site`` on 127.0.0.1 at a free port, as a context manager."""

    def __init__(self, site: Path, site_url: str) -> None:
        self._server = ThreadingHTTPServer((HOST, 0), SimpleHTTPRequestHandler)
        port = self._server.server_address[1]
        self.origin = f"http://{HOST}:{port}"
        self._server.RequestHandlerClass = functools.partial(
            _Handler, directory=str(site), site_url=site_url, origin=self.origin
        )
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
