"""Static files: URLs that carry a hash of the file's content, cached for a year, sent gzipped.

Templates write `static_url("css/site.css")`, giving `/static/css/site.css?v=<hash>`. A request
whose hash is the file's current one may be kept by browsers and proxies for a year without
asking again (the hash changes when the file does, so a new page links a new URL); any other
request for the file is answered as before, with `no-cache`. Text files go out gzipped to
clients that accept it, compressed once per process. Only static files are compressed: pages
carry a CSRF token next to what the supporter typed, which compression could leak (BREACH).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

LONG_CACHE = "public, max-age=31536000, immutable"
DIGEST_CHARS = 12
COMPRESSIBLE = frozenset(
    {"text/css", "text/javascript", "application/javascript", "image/svg+xml", "text/plain"}
)
MIN_COMPRESS_BYTES = 256  # below this gzip's own header outweighs what it saves


@dataclass(frozen=True, slots=True)
class Asset:
    """One static file as served: the hash in its URL and, for text, its gzipped bytes."""

    digest: str
    mimetype: str
    gzipped: bytes | None


class StaticAssets:
    """Hashes and gzipped copies of the files in one folder, remade when a file changes."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self._known: dict[str, tuple[tuple[int, int], Asset]] = {}
        self._lock = threading.Lock()

    def find(self, filename: str) -> Asset | None:
        """The asset for `filename` (a path inside the folder), or None where there is none."""
        path = safe_join(str(self.folder), filename)
        if path is None:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if not os.path.isfile(path):
            return None
        version = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(filename)
        if known is not None and known[0] == version:
            return known[1]
        asset = _read(Path(path))
        with self._lock:
            self._known[filename] = (version, asset)
        return asset


def _read(path: Path) -> Asset:
    body = path.read_bytes()
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    gzipped = None
    if mimetype in COMPRESSIBLE and len(body) >= MIN_COMPRESS_BYTES:
        # mtime=0: the same file always gives the same bytes, on every server.
        gzipped = gzip.compress(body, compresslevel=9, mtime=0)
    digest = hashlib.sha256(body).hexdigest()[:DIGEST_CHARS]
    return Asset(digest=digest, mimetype=mimetype, gzipped=gzipped)


def static_url(filename: str) -> str:
    """The URL of a static file, with the hash of its content (templates have it too)."""
    asset = current_app.extensions["static_assets"].find(filename)
    if asset is None:
        raise LookupError(f"no static file {filename!r}")
    return url_for("static", filename=filename, v=asset.digest)


def register(app: Flask) -> None:
    """Add `static_url()` to templates and serve /static/ with long caching and gzip."""
    assets = StaticAssets(app.static_folder)
    app.extensions["static_assets"] = assets

    app.add_template_global(static_url, "static_url")

    def send_static(filename: str) -> Response:
        asset = assets.find(filename)
        if asset is None:
            raise NotFound()
        if asset.gzipped is not None and request.accept_encodings["gzip"]:
            response = current_app.response_class(asset.gzipped, mimetype=asset.mimetype)
            response.headers["Content-Encoding"] = "gzip"
            response.set_etag(f"{asset.digest}-gzip")
            response.make_conditional(request)
        else:
            response = current_app.send_static_file(filename)
        if asset.gzipped is not None:
            response.vary.add("Accept-Encoding")
        if request.args.get("v") == asset.digest:
            response.headers["Cache-Control"] = LONG_CACHE
        return response

    # The endpoint keeps its name, so url_for("static", …) and every check for it still work.
    app.view_functions["static"] = send_static
