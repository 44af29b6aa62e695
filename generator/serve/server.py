"""``marco serve``: an HTTP server on the loopback address (by default) that
serves the index and each document's preview (:mod:`generator.serve.site`),
and a watcher that rebuilds them when ``content/`` or ``templates/`` change.

The server answers only its own routes; any other path (``/../``, an
encoded slash, an absolute path, a document it does not know, a file that
is not where a build put it) is 404 and never a file's content:

- ``/``: the index; ``/doc/<id>``: a document's HTML (with the error overlay
  when its kind's last build failed);
- ``/download/<id>.docx`` and ``.pdf``: built on demand;
- ``/diff/<id>``: what changed in the document since the last commit
  (``marco diff``'s report, for that document);
- ``/events``: server-sent events, one per rebuilt kind, with each page's
  version: a page reloads when its own version changed.
"""

from __future__ import annotations

import json
import re
import threading
import traceback
from contextlib import ExitStack
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable

from ..errors import UserError
from ..writers import TEMPLATES
from .pages import document_page, index_page
from .site import Site

#: A document id as the routes take it: what the kinds' ids are made of.
ID = r"[A-Za-z0-9][A-Za-z0-9_-]*"
ROUTES = {
    "doc": re.compile(rf"/doc/({ID})"),
    "download": re.compile(rf"/download/({ID})\.(docx|pdf)"),
    "diff": re.compile(rf"/diff/({ID})"),
}
TYPES = {"html": "text/html; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf"}
#: How long an event stream waits for a rebuild before it sends a keep-alive.
KEEP_ALIVE = 15.0


class Handler(BaseHTTPRequestHandler):
    site: Site
    diff_page: Callable[[str], str]

    def log_message(self, format: str, *args) -> None:  # the terminal shows builds, not requests
        pass

    def do_GET(self) -> None:
        try:
            self._route(self.path.split("?", 1)[0])
        except (BrokenPipeError, ConnectionResetError):  # the browser went away
            pass
        except Exception:  # marco's bug: its traceback told once, the server goes on
            self.site.internal(traceback.format_exc())
            self._plain(HTTPStatus.INTERNAL_SERVER_ERROR,
                        "internal error (a bug in marco; the terminal shows the traceback)")

    def _route(self, path: str) -> None:
        if path == "/":
            return self._send(index_page(self.site).encode("utf-8"), "html")
        if path == "/events":
            return self._events()
        for route, pattern in ROUTES.items():
            match = pattern.fullmatch(path)
            if match:
                return getattr(self, f"_{route}")(*match.groups())
        self._not_found()

    def _doc(self, page_id: str) -> None:
        page, state = self.site.page(page_id), self.site.state_of(page_id)
        file = self._inside(page.files.get("html")) if page else None
        if file is None or state is None:
            return self._not_found()
        html = document_page(file.read_text(encoding="utf-8"), page, state)
        self._send(html.encode("utf-8"), "html")

    def _download(self, page_id: str, fmt: str) -> None:
        file = self._inside(self.site.file_of(page_id, fmt))
        if file is None:
            return self._not_found()
        self._send(file.read_bytes(), fmt, attachment=file.name)

    def _diff(self, page_id: str) -> None:
        if self.site.page(page_id) is None:
            return self._not_found()
        self._send(self.diff_page(page_id).encode("utf-8"), "html")

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        generation = self.site.generation
        try:
            while True:
                self.wfile.write(f"data: {json.dumps(self.site.versions())}\n\n".encode())
                self.wfile.flush()
                current = self.site.wait(generation, KEEP_ALIVE)
                if current == generation:
                    self.wfile.write(b": keep-alive\n\n")
                generation = current
        except (BrokenPipeError, ConnectionResetError):
            return

    def _inside(self, file: Path | None) -> Path | None:
        """``file`` if it is a file the site built, in its preview folder
        (not a symbolic link out of it)."""
        if file is None or not file.is_file():
            return None
        return file if file.resolve().is_relative_to(self.site.root.resolve()) else None

    def _send(self, body: bytes, fmt: str, attachment: str | None = None) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", TYPES[fmt])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if attachment:
            self.send_header("Content-Disposition", f'attachment; filename="{attachment}"')
        self.end_headers()
        self.wfile.write(body)

    def _not_found(self) -> None:
        self._plain(HTTPStatus.NOT_FOUND, "not a page of this site")

    def _plain(self, status: HTTPStatus, text: str) -> None:
        body = f"{status.value}: {text}\n".encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def diff_page_of(site: Site, output: Path) -> Callable[[str], str]:
    """The review page of one document, from the last commit to the working
    tree (``marco diff``'s, built in its folders under ``output``)."""
    def page(page_id: str) -> str:
        from ..review.diff import Review, review
        from ..review.report import report_page
        from ..review.sides import Build, DiffError, Narrowing, revision_sides

        found = site.page(page_id)
        assert found is not None
        try:
            with ExitStack() as stack:
                old, new = stack.enter_context(revision_sides(
                    site.content, output, "HEAD", None, Narrowing((found.kind,)), Build()))
                mine = [d for d in review(old, new).documents if d.id == page_id]
                return report_page(Review(old, new, mine, unchanged=0 if mine else 1),
                                   at=output)
        except UserError as error:
            told = "\n".join(map(str, error.problems))
        except DiffError as error:
            told = str(error)
        return f'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><pre>{escape(told)}</pre>'
    return page


def watched_change(paths: Iterable[str], output: Path) -> tuple[list[Path], bool]:
    """The files of a change set that are sources, and whether one of them
    is an engine's template; the output folder and editors' swap and backup
    files are not sources."""
    output = output.resolve()
    sources = []
    for name in paths:
        path = Path(name).resolve()
        base = path.name
        if not (path.is_relative_to(output) or base.endswith(("~", ".swp", ".swx", ".tmp"))
                or base.startswith((".#", ".~")) or base == "4913"):
            sources.append(path)
    return sources, any(path.is_relative_to(TEMPLATES.resolve()) for path in sources)


def serve(site: Site, output: Path, bind: str, port: int, ready: Callable[[str], None],
          stop: threading.Event) -> None:
    """Build the site, serve it on ``bind``:``port`` and rebuild it on every
    change of its sources until ``stop`` is set; ``ready(url)`` once the
    site is built and watched."""
    import watchfiles

    site.rebuild()
    Handler.site = site
    Handler.diff_page = staticmethod(diff_page_of(site, output))
    server = ThreadingHTTPServer((bind, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    watching = False
    try:
        # a change set is yielded once no file changed for `step` ms (an
        # editor's several writes are one change); an empty one, once a
        # second without changes: the first says the watcher runs
        for changes in watchfiles.watch(site.content, TEMPLATES, stop_event=stop, step=50,
                                        debounce=1600, rust_timeout=1000,
                                        yield_on_timeout=True, raise_interrupt=False):
            sources, templates = watched_change((path for _, path in changes), output)
            if not watching:  # what changed while the site was first built, then ready
                watching = True
                site.rebuild(sources, engine_changed=templates)
                ready(f"http://{host}:{port}/")
            elif sources:
                site.rebuild(sources, engine_changed=templates)
                site.report(f"rebuilt: {site.summary()}")
                for problem in site.problems():
                    site.report(str(problem))
    finally:
        server.shutdown()
        server.server_close()
