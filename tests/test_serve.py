"""``marco serve``: the live preview, as a user sees it over loopback: a
document page, rebuilt on save; a broken reference shown in the page at its
path:line over the last good version; the document back once fixed; the
downloads and the changes since the last commit; and no file served but
the site's own pages."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from generator.serve.site import Site


CIRCULAR = Path("content") / "circulares" / "circular-39-2011.md"
PHRASE = "Saluda atentamente a Ud."
#: Bounds of the loops: the server's first build, and each rebuild.
START, REBUILD = 120.0, 30.0


class Server:
    """A ``marco serve`` process on a free port, and requests to it."""

    def __init__(self, folder: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from generator.cli import main; main()", "serve",
             "--port", "0"], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        line = self.process.stdout.readline()  # printed once the site is built
        match = re.search(r"http://([\d.]+):(\d+)/", line)
        assert match, (line, self.process.stderr.read() if self.process.poll() else "")
        self.host, self.port = match[1], int(match[2])

    def get(self, path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REBUILD)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def text(self, path: str) -> str:
        status, body = self.get(path)
        assert status == 200, (path, status)
        return body.decode("utf-8")

    def until(self, path: str, done: Callable[[str], bool]) -> str:
        """The page at ``path`` once ``done`` holds of it (within :data:`REBUILD` s)."""
        deadline = time.monotonic() + REBUILD
        while True:
            page = self.text(path)
            if done(page):
                return page
            assert time.monotonic() < deadline, f"{path} did not change in {REBUILD} s"
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def server(copy: Path) -> Iterator[Server]:
    running = Server(copy.resolve().parent)
    try:
        yield running
    finally:
        running.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_saved_edit_an_error_and_its_fix(server: Server) -> None:
    page = server.text("/doc/circular-39-2011")
    assert PHRASE in page and 'new EventSource("/events")' in page
    assert 'id="marco-errors"' not in page
    edit(CIRCULAR, PHRASE, "Saluda muy atentamente a Ud.")
    server.until("/doc/circular-39-2011", lambda p: "Saluda muy atentamente a Ud." in p)

    edit(CIRCULAR, "Saluda muy atentamente a Ud.", "Saluda muy atentamente a Ud. [@tbl:nada]")
    line = CIRCULAR.read_text(encoding="utf-8").splitlines().index(
        "Saluda muy atentamente a Ud. [@tbl:nada]") + 1
    broken = server.until("/doc/circular-39-2011", lambda p: 'id="marco-errors"' in p)
    assert f"{CIRCULAR}:{line}: error: " in broken and "tbl:nada" in broken
    assert "Saluda muy atentamente a Ud. [@tbl:nada]" in broken  # the source line, shown
    assert "Saluda muy atentamente a Ud.</p>" in broken  # the last good version, under it
    assert "errors" in server.text("/") or "error" in server.text("/")

    edit(CIRCULAR, "Saluda muy atentamente a Ud. [@tbl:nada]", "Saluda cordialmente a Ud.")
    fixed = server.until("/doc/circular-39-2011", lambda p: 'id="marco-errors"' not in p)
    assert "Saluda cordialmente a Ud.</p>" in fixed
    assert server.process.poll() is None  # never died on a user error


def test_downloads_are_built_on_demand(server: Server) -> None:
    status, docx = server.get("/download/circular-39-2011.docx")
    assert status == 200 and docx[:2] == b"PK"
    status, pdf = server.get("/download/2012-mei-fne.pdf")
    assert status == 200 and pdf[:5] == b"%PDF-"


def test_nothing_but_the_site_s_pages_is_served(server: Server, tmp_path: Path) -> None:
    secret = tmp_path / "secreto.html"
    secret.write_text("contenido secreto", encoding="utf-8")
    for path in ("/../etc/passwd", "/doc/../../etc/passwd", "/doc/..%2F..%2Fetc%2Fpasswd",
                 "/doc/%2e%2e/content", "//etc/passwd", "/etc/passwd", str(secret),
                 "/doc/nadie", "/download/circular-39-2011.odt", "/download/../x.docx",
                 "/content/institutions.yaml", "/.marco/preview/html/circulares/"
                 "circular-39-2011.html", "/doc/circular-39-2011/../../content"):
        status, body = server.get(path)
        assert status == 404 and b"root:" not in body and b"secreto" not in body, path
    # a built page replaced by a symbolic link out of the preview folder
    built = next(Path("output/.marco/preview/html").rglob("circular-39-2011.html"))
    built.unlink()
    os.symlink(secret, built)
    status, body = server.get("/doc/circular-39-2011")
    assert status == 404 and b"secreto" not in body


def test_the_changes_since_the_last_commit(copy: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = copy.resolve().parent
    for command in (["init", "-q"], ["add", "content"],
                    ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "c"]):
        subprocess.run(["git", *command], cwd=folder, check=True)
    running = Server(folder)
    try:
        edit(CIRCULAR, PHRASE, "Saluda muy atentamente a Ud.")
        running.until("/doc/circular-39-2011", lambda p: "muy atentamente" in p)
        page = running.text("/diff/circular-39-2011")
        assert "1 changed" in page and "muy" in page
    finally:
        running.stop()


def test_an_internal_error_is_told_once(copy: Path, monkeypatch) -> None:
    told: list[str] = []
    site = Site(copy, Path("output"), report=told.append)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("generator.serve.site.build", broken)
    site.rebuild()
    site.rebuild()
    # the same bug in every kind, in two rebuilds: its traceback told once
    assert len(told) == 1 and "RuntimeError: a bug" in told[0]
    assert {state.internal for state in site.kinds.values()} == {"RuntimeError: a bug"}


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed")
def test_the_page_and_the_error_overlay_in_a_browser(server: Server, tmp_path: Path) -> None:
    """Headless Chromium renders the served page (its reload script runs) and,
    after a broken reference, the overlay; the screenshots are kept in
    MARCO_SHOTS when it is set, to be looked at."""
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1000"]
    url = f"http://{server.host}:{server.port}/doc/circular-39-2011"

    def look(name: str) -> tuple[str, bytes]:
        shot = tmp_path / f"{name}.png"
        subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", url], capture_output=True,
                       timeout=120, check=True)
        dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", url], capture_output=True,
                             text=True, timeout=120, check=True).stdout
        if os.environ.get("MARCO_SHOTS"):
            shutil.copy(shot, Path(os.environ["MARCO_SHOTS"]) / shot.name)
        return dom, shot.read_bytes()

    dom, png = look("serve-document")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert PHRASE in dom and 'id="marco-bar"' in dom and 'id="marco-errors"' not in dom
    edit(CIRCULAR, PHRASE, f"{PHRASE} [@tbl:nada]")
    server.until("/doc/circular-39-2011", lambda p: 'id="marco-errors"' in p)
    dom, png = look("serve-error")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "The last version could not be built" in dom and "unknown label" in dom
