"""Builds, top to bottom. Decrees: pick the year; if no input changed since
the manifest was written, stop; load the shared content and check every
commitment of the year against the year's rules (any problem stops the build
before anything is rendered); assemble, number and render the stale decrees in
worker processes into a temporary folder; move them into place only when all
succeeded; record the manifest. Standalone documents (circulars, Programa
Marco, guides): read, number and resolve all, then render the same way.
"""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from multiprocessing import get_context
from typing import TYPE_CHECKING, Callable, Iterator

from ..errors import Pos, Problem, UserError, did_you_mean
from .manifest import Entry, Manifest, digest, shared_digest
from ..model.document import Document, Figure

if TYPE_CHECKING:
    from ..model.content import Content

FORMATS = ("docx", "pdf")
#: What every decree is made from besides its own commitments file.
DECREE_INPUTS = ("mechanisms.yaml", "institutions.yaml", "frameworks", "decrees")
COMMITMENTS = "commitments"


class SelectionError(ValueError):
    """A command-line selection that names nothing (an unknown year or slug)."""


@dataclass
class Selection:
    year: int | None = None
    mechanisms: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS

    @property
    def filtered(self) -> bool:
        return bool(self.mechanisms or self.institutions)


@dataclass
class Report:
    year: int
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    formats: tuple[str, ...] = FORMATS
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        kinds = ", ".join(f.upper() for f in self.formats)
        return (f"{self.year}: {self.written} decrees written ({kinds}), {self.unchanged} unchanged, "
                f"{self.removed} removed in {self.seconds:.2f} s")


#: Called with the number of decrees to render, returns a callback to call once per decree.
Progress = Callable[[int], Callable[[], None]]


def no_progress(total: int) -> Callable[[], None]:
    return lambda: None


def commitment_years(content_root: Path) -> list[int]:
    folder = content_root / COMMITMENTS
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir()
                  if p.is_dir() and p.name.isdigit() and any(p.glob("*.yaml")))


def output_name(year: int, mechanism: str, slug: str, fmt: str) -> str:
    return f"decreto-{year}-{mechanism}-{slug}.{fmt}"


def build_decrees(content_root: Path, output_root: Path, selection: Selection, jobs: int = 1,
                  force: bool = False, progress: Progress = no_progress) -> Report:
    start = time.perf_counter()
    years = commitment_years(content_root)
    if not years:
        raise SelectionError(f"no commitments under {content_root / COMMITMENTS}")
    year = selection.year or years[-1]
    if year not in years:
        raise SelectionError(f"no commitments for {year} (years with commitments: "
                             f"{', '.join(map(str, years))})")
    report = Report(year=year, formats=selection.formats)
    out_dir = output_root / str(year)
    manifest = Manifest.load(output_root / ".marco" / f"decrees-{year}.json")
    shared = shared_digest(content_root, DECREE_INPUTS)
    files = sorted((content_root / COMMITMENTS / str(year)).glob("*.yaml"))
    keys = {str(f.relative_to(content_root)): digest(shared, f.read_bytes())
            for f in files}

    if not force and not selection.filtered and _unchanged(manifest, keys, out_dir):
        report.unchanged = len(keys)
        report.seconds = time.perf_counter() - start
        return report

    from ..assemble.decree import DecreeAssembler, decree_source
    from ..load.content import load_content, read_commitment

    # commitments are checked one at a time and not kept: memory does not grow
    # with the number of institutions
    content = load_content(content_root, with_commitments=False)
    assembler = DecreeAssembler(content)
    entries, problems = [], []
    seen: dict[tuple[str, int, str], Pos] = {}
    for path in files:
        try:
            commitment = read_commitment(content, path, seen)
        except UserError as error:
            problems.extend(error.problems)
            continue
        slug = commitment.institution
        entries.append((str(path.relative_to(content_root)), path, commitment.mechanism, slug))
    if problems:
        raise UserError(problems)
    entries = _select(entries, selection)

    stale = []
    for rel, path, mechanism, slug in entries:
        outputs = [output_name(year, mechanism, slug, fmt) for fmt in selection.formats]
        entry = manifest.entries.get(rel)
        fresh = (entry is not None and entry.key == keys[rel]
                 and all((out_dir / o).is_file() for o in outputs))
        if fresh and not force:
            report.unchanged += 1
            continue
        stale.append((rel, path, outputs))

    def make(index: int) -> Document:  # read and assembled where it is rendered
        commitment = read_commitment(content, stale[index][1], {})
        return prepare(assembler.assemble(decree_source(content, commitment)))

    names = [outputs for _, _, outputs in stale]
    report.outputs = write_outputs(make, names, out_dir, jobs, progress(len(stale)))
    for rel, _, outputs in stale:
        old = manifest.entries.get(rel)
        for name in set(old.outputs if old else []) - set(outputs):
            (out_dir / name).unlink(missing_ok=True)
        manifest.entries[rel] = Entry(keys[rel], outputs)
    report.written = len(stale)
    if not selection.filtered:
        for rel in set(manifest.entries) - set(keys):
            for name in manifest.entries.pop(rel).outputs:
                (out_dir / name).unlink(missing_ok=True)
            report.removed += 1
    manifest.save()
    report.seconds = time.perf_counter() - start
    return report


def _unchanged(manifest: Manifest, keys: dict[str, str], out_dir: Path) -> bool:
    if set(manifest.entries) != set(keys):
        return False
    return all(manifest.entries[rel].key == key
               and all((out_dir / o).is_file() for o in manifest.entries[rel].outputs)
               for rel, key in keys.items())


def _select(entries: list[tuple[str, Path, str, str]],
            selection: Selection) -> list[tuple[str, Path, str, str]]:
    """The (path, file, mechanism, institution) entries the selection names."""
    mechanisms = {mechanism for _, _, mechanism, _ in entries}
    slugs = {slug for _, _, _, slug in entries}
    for key in selection.mechanisms:
        if key not in mechanisms:
            raise SelectionError(f"no {key} commitments this year{did_you_mean(key, mechanisms)}"
                                 f" (mechanisms: {', '.join(sorted(mechanisms))})")
    for slug in selection.institutions:
        if slug not in slugs:
            raise SelectionError(f"no commitments of institution '{slug}' this year"
                                 f"{did_you_mean(slug, slugs)}")
    return [e for e in entries
            if (not selection.mechanisms or e[2] in selection.mechanisms)
            and (not selection.institutions or e[3] in selection.institutions)]


def prepare(document: Document) -> Document:
    """Both passes: numbers, then references."""
    from ..passes.numbering import assign_numbers
    from ..passes.references import resolve_references

    labels = assign_numbers(document)
    complete_figures(document)
    resolve_references(document, labels)
    return document


def complete_figures(document: Document) -> None:
    """Draw the figures made from the numbered document (see ``Figure.complete``)."""
    from ..model.walk import iter_blocks

    for block in iter_blocks(document.blocks):
        if isinstance(block, Figure) and block.complete is not None:
            block.complete(block, document)
            block.complete = None


def render_outputs(document: Document, names: list[str], folder: Path) -> None:
    """Write ``document`` once per output name, the format taken from the suffix."""
    for name in names:
        target = folder / name
        if name.endswith(".docx"):
            from ..writers.docx import write_docx
            write_docx(document, target)
        elif name.endswith(".pdf"):
            from ..writers.pdf import write_pdf
            write_pdf(document, target)
        elif name.endswith(".html"):
            from ..writers.html import write_html
            write_html(document, target)
        else:  # pragma: no cover - names are made by output_name
            raise AssertionError(name)


def write_outputs(make: Callable[[int], Document], names: list[list[str]], out_dir: Path,
                  jobs: int, tick: Callable[[], None]) -> list[Path]:
    """Render document ``i`` (made by ``make(i)``) as ``names[i]`` into a temporary
    folder inside ``out_dir``. Only when every document was made and rendered
    are the files moved into place: a user error in any of them (all are
    reported) or a failure leaves the earlier output untouched."""
    created = [p for p in [out_dir, *out_dir.parents] if not p.exists()]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    problems: list[Problem] = []
    try:
        with tempfile.TemporaryDirectory(dir=out_dir, prefix=".build-") as tmp:
            for found in render_all(make, names, Path(tmp), jobs):
                problems.extend(found)
                tick()
            if problems:
                raise UserError(problems)
            for outputs in names:
                for name in outputs:
                    os.replace(Path(tmp) / name, out_dir / name)
                    written.append(out_dir / name)
    except BaseException:
        for folder in created:  # leave no trace of a failed build
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    return written


def build_documents(paths: list[Path], content_root: Path, output_root: Path,
                    formats: tuple[str, ...], jobs: int = 1,
                    progress: Progress = no_progress) -> list[Path]:
    """Build standalone Markdown documents (front matter gives each its id) with
    the content in scope as ``content``, when the content folder exists."""
    from ..load.content import load_content

    content = load_content(content_root) if content_root.is_dir() else None
    documents = prepare_documents(paths, content)
    names = [[f"{d.meta.id}.{fmt}" for fmt in formats] for d in documents]
    return write_outputs(documents.__getitem__, names, output_root, jobs,
                         progress(len(documents)))


def prepare_documents(paths: list[Path], content: Content | None) -> list[Document]:
    """Read, number and resolve standalone documents; they may refer to each
    other (``[@id/tbl:label]``). Every problem of every document is raised."""
    from ..assemble import read_document
    from ..passes.numbering import assign_numbers
    from ..passes.references import resolve_references

    numbered, problems = [], []
    for path in paths:
        try:
            document = read_document(path, content)
            numbered.append((document, assign_numbers(document)))
            complete_figures(document)
        except UserError as error:
            problems.extend(error.problems)
    if problems:
        raise UserError(problems)
    library: dict = {}
    first: dict[str, Document] = {}
    for document, labels in numbered:
        if document.meta.id in first:
            problems.append(Problem(document.source, f"document id '{document.meta.id}' is "
                                    f"already the id of {first[document.meta.id].source.path}"))
        first.setdefault(document.meta.id, document)
        library.setdefault(document.meta.id, labels)
    for document, labels in numbered:
        try:
            resolve_references(document, labels, library)
        except UserError as error:
            problems.extend(error.problems)
    if problems:
        raise UserError(problems)
    return [d for d, _ in numbered]


#: What a worker process renders from: set before the pool forks, so workers
#: inherit the loaded content and templates instead of receiving them pickled.
_MAKE: Callable[[int], Document] | None = None


def _render_one(index: int, names: list[str], folder: Path,
                make: Callable[[int], Document] | None = None) -> list[Problem]:
    """Make and render one document; its user errors are returned, not raised,
    so that one run reports those of every document."""
    make = make or _MAKE
    assert make is not None
    try:
        render_outputs(make(index), names, folder)
    except UserError as error:
        return error.problems
    return []


def render_all(make: Callable[[int], Document], names: list[list[str]], folder: Path,
               jobs: int) -> Iterator[list[Problem]]:
    """Render every document; yields each one's problems as it finishes. Output
    bytes do not depend on ``jobs``: each document is rendered on its own."""
    global _MAKE
    if any(name.endswith(".pdf") for outputs in names for name in outputs):
        from ..writers.pdf import pdf_renderer
        pdf_renderer()  # WeasyPrint's import and the stylesheet: once, before forking
    if jobs <= 1 or len(names) <= 1:
        for index, outputs in enumerate(names):
            yield _render_one(index, outputs, folder, make)
        return
    _MAKE = make
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
            futures = [pool.submit(_render_one, i, n, folder) for i, n in enumerate(names)]
            for future in as_completed(futures):
                yield future.result()
    finally:
        _MAKE = None
