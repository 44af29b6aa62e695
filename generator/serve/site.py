"""What ``marco serve`` shows: every buildable document's HTML, built in this
process into a preview folder of its own, with each kind's state after its
last build (its user errors, or an internal error).

A build goes to the preview folder through the engine's usual build (its
manifest, its atomic output), so a rebuild makes again only the documents
whose inputs changed, a failed build leaves the last good pages in place,
and a page is never served half written. The DOCX and PDF of a document are
built on demand, each format in a folder of its own.
"""

from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from ..build.build import build
from ..build.manifest import Entry, Manifest, engine_digest
from ..build.sources import Batch, Selection, SelectionError, batch_of
from ..errors import Problem, UserError
from ..kinds import KINDS, Kind

#: Where the previews are built, under the output folder.
PREVIEW = Path(".marco") / "preview"


@dataclass
class Page:
    """A document the site serves: its id, its kind, its source (relative to
    the content folder), the names a kind made from commitments tells it by
    (mechanism, institution), its built file in each format built so far,
    and its version: the generation at which its page last changed."""

    id: str
    kind: str
    source: str
    names: tuple[str, ...] = ()
    files: dict[str, Path] = field(default_factory=dict)
    version: int = 0


@dataclass
class KindState:
    """A kind after its last build: its documents (those of its last good
    build), the user errors of the last build (with their source lines as
    they were then), or the internal error."""

    kind: Kind
    pages: dict[str, Page] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    excerpts: dict[Problem, list[tuple[int, str]]] = field(default_factory=dict)
    internal: str | None = None

    def failure(self) -> tuple[tuple[Problem, ...], str | None]:
        """What the last build's failure was (empty: it succeeded)."""
        return (tuple(self.problems), self.internal)


class Site:
    """The documents of ``content``, built into ``output``'s preview folder.
    :meth:`rebuild` builds them again (one kind at a time); ``generation``
    counts the kinds rebuilt, each page's ``version`` is the generation it
    last changed at, and :meth:`wait` waits for the next generation."""

    def __init__(self, content: Path, output: Path, year: int | None = None,
                 report: Callable[[str], None] = print):
        self.content = content
        self.root = output / PREVIEW
        self.selection = Selection(year=year)
        self.report = report
        self.kinds = {name: KindState(kind) for name, kind in KINDS.items()}
        self.generation = 0
        self._lock = threading.Lock()
        self._rebuilt = threading.Condition()
        self._told: set[str] = set()

    # ------------------------------------------------------------ building

    def rebuild(self, changed: Iterable[Path] = (), engine_changed: bool = False) -> None:
        """Build every kind's HTML again, first the kinds of the documents
        made from the ``changed`` files; ``engine_changed``: a file of
        ``templates/`` changed, so every page is made again."""
        sources = {_relative(path, self.content) for path in changed}
        if engine_changed:
            engine_digest.cache_clear()
        states = sorted(self.kinds.values(), key=lambda state: not any(
            page.source in sources for page in state.pages.values()))
        for state in states:  # a download asked meanwhile is built between two kinds
            with self._lock:
                before = state.failure()
                stamps = {page.id: _stamp(page.files.get("html")) for page in state.pages.values()}
                self._build(state)
                failed = state.failure() != before
                moved = [page for page in state.pages.values()
                         if failed or _stamp(page.files.get("html")) != stamps.get(page.id)]
            if moved or (failed and not state.pages):
                with self._rebuilt:
                    self.generation += 1
                    for page in moved:
                        page.version = self.generation
                    self._rebuilt.notify_all()

    def file_of(self, page_id: str, fmt: str) -> Path | None:
        """The file of a document in ``fmt``, built now (that document only,
        in a kind made from commitments) if it must be; None when it cannot
        be built (its page shows why)."""
        with self._lock:
            page = self.page(page_id)
            if page is None or fmt == "html":
                return page.files.get(fmt) if page is not None else None
            selection = self.selection
            if page.names:
                mechanism, institution = page.names
                selection = replace(selection, mechanisms=(mechanism,),
                                    institutions=(institution,))
            root = self.root / fmt
            try:
                batch = batch_of(self.kinds[page.kind].kind, self.content, selection)
                build(batch, root, selection, (fmt,))
            except (SelectionError, UserError):
                return None
            except Exception:
                self.internal(traceback.format_exc())
                return None
            return next((root / batch.folder / entry.outputs[0]
                         for entry in self._entries(root, batch).values()
                         if entry.document == page_id), None)

    def _build(self, state: KindState) -> None:
        """Build ``state``'s kind as HTML; the outcome is the kind's state."""
        kind = state.kind
        root = self.root / "html"
        try:
            batch = batch_of(kind, self.content, self.selection)
            build(batch, root, self.selection, ("html",))
        except SelectionError:  # nothing of this kind to build (no commitments that year)
            state.pages, state.problems, state.internal = {}, [], None
            return
        except UserError as error:
            # pages are served meanwhile, from other threads and without the
            # lock: the source lines are in place before the errors they show
            state.excerpts = {problem: excerpt(problem, self.content)
                              for problem in error.problems}
            state.problems, state.internal = error.problems, None
            return
        except Exception:  # marco's bug: shown in the page, its traceback told once
            state.internal = self.internal(traceback.format_exc())
            return
        state.problems, state.internal = [], None
        old = state.pages
        state.pages = {}
        for rel, entry in self._entries(root, batch).items():
            state.pages[entry.document] = Page(
                entry.document, kind.name, rel, entry.names,
                {"html": root / batch.folder / entry.outputs[0]},
                old[entry.document].version if entry.document in old else 0)

    def _entries(self, root: Path, batch: Batch) -> dict[str, Entry]:
        """The manifest entries of ``batch`` built under ``root``, by source."""
        if batch.manifest is None:
            return {}
        return Manifest.load(root / ".marco" / f"{batch.manifest}.json").entries

    def internal(self, told: str) -> str:
        """Tell an internal error's traceback, once; its last line, for the page."""
        if told not in self._told:
            self._told.add(told)
            self.report(told)
        return told.strip().splitlines()[-1]

    # ------------------------------------------------------------ reading

    def summary(self) -> str:
        """``28 documents, 2 errors``: what the site serves, and its errors."""
        pages = sum(len(state.pages) for state in self.kinds.values())
        errors = sum(len(state.problems) + bool(state.internal) for state in self.kinds.values())
        return f"{pages} document{'' if pages == 1 else 's'}, {errors} error" + (
            "" if errors == 1 else "s")

    def problems(self) -> list[Problem]:
        """The user errors of every kind's last build, each once."""
        return list(dict.fromkeys(p for state in self.kinds.values() for p in state.problems))

    def versions(self) -> dict[str, object]:
        """The generation, and each page's version (what the pages reload on)."""
        return {"generation": self.generation,
                "pages": {page.id: page.version for state in self.kinds.values()
                          for page in state.pages.values()}}

    def page(self, page_id: str) -> Page | None:
        for state in self.kinds.values():
            if page_id in state.pages:
                return state.pages[page_id]
        return None

    def state_of(self, page_id: str) -> KindState | None:
        page = self.page(page_id)
        return self.kinds[page.kind] if page else None

    def wait(self, generation: int, timeout: float) -> int:
        """The generation after ``generation``, or the current one after ``timeout`` s."""
        with self._rebuilt:
            self._rebuilt.wait_for(lambda: self.generation != generation, timeout)
            return self.generation


def excerpt(problem: Problem, root: Path) -> list[tuple[int, str]]:
    """The problem's line and the one before and after it, numbered, from a
    file under ``root`` (the content folder); none from any other file."""
    path, line = Path(problem.pos.path), problem.pos.line
    try:
        if line < 1 or not path.resolve().is_relative_to(root.resolve()):
            return []
        text = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    return [(n, text[n - 1]) for n in range(max(1, line - 1), min(len(text), line + 1) + 1)]


def _relative(path: Path, root: Path) -> str:
    """``path`` as a source is keyed: relative to the content folder."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return ""


def _stamp(file: Path | None) -> int | None:
    """When ``file`` was last written (None: it is not there)."""
    try:
        return file.stat().st_mtime_ns if file is not None else None
    except OSError:
        return None
