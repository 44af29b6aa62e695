"""What one build makes: a batch of documents and the files they are made
from. A kind's sources (:mod:`generator.kinds`) give one of two batches:

- :class:`MarkdownBatch`: Markdown documents, read, numbered and resolved
  together in this process when the batch is opened, so that they may refer
  to each other;
- :class:`CommitmentBatch`: one document per file of a year (a commitment
  file, or the evaluation of one), checked when the batch is opened and each
  assembled later, where it is rendered (in a worker), so memory does not
  grow with their number.

Either way, opening a batch checks everything first: every problem of every
document is raised before anything is rendered. A commitment file whose
manifest entry still stands (same key: the same bytes against the same
shared content, so the same checks would pass) is not read again unless it
is made: its id and the names it is checked against the others by come from
the entry.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol

from ..errors import Pos, Problem, UserError, did_you_mean, display_path
from ..kinds import Commitments, Kind, Markdown, Services

if TYPE_CHECKING:  # the content model imports pydantic: not on a no-op build's path
    from ..model.content import Content
    from ..model.document import Document
    from .manifest import Entry

COMMITMENTS = "commitments"


class SelectionError(ValueError):
    """A command-line selection that names nothing (an unknown year or slug)."""


@dataclass(frozen=True)
class Selection:
    """Which documents of a kind made from commitments: a year (default: the
    latest), mechanisms and institutions (default: all)."""

    year: int | None = None
    mechanisms: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()

    @property
    def filtered(self) -> bool:
        return bool(self.mechanisms or self.institutions)


@dataclass(frozen=True)
class Source:
    """A document's own source file: ``rel`` (from the content folder) keys
    it in the manifest."""

    rel: str
    path: Path


@dataclass
class Made:
    """An opened batch: for each document to make, its source, its id, the
    stem of its files and the names it is told from the others by (a
    commitment's mechanism and institution; none for Markdown); ``make(i)``
    gives document ``i`` with every pass done."""

    sources: list[Source]
    ids: list[str]
    stems: list[str]
    names: list[tuple[str, ...]]
    make: Callable[[int], Document]


class Batch(Protocol):
    name: str  # for the summary: "decrees 2012", "circulars"
    kind: Kind | None  # None: documents of any kind
    content_root: Path
    year: int | None
    folder: str  # under the output folder
    manifest: str | None  # the manifest's name under output/.marco/ (None: always build)
    sources: list[Source]

    def open(self, content: Content | None, selection: Selection,
             standing: Mapping[str, Entry] = {}) -> Made:
        """Check and select; ``standing``: the manifest entries, by source,
        whose key is the source's key now."""


def matching(root: Path, pattern: str) -> list[Path]:
    """The paths under ``root`` that match ``pattern``, sorted, dangling
    links included (a source that cannot be read is reported, not skipped)."""
    return sorted(Path(p) for p in glob.glob(f"{glob.escape(str(root))}/{pattern}"))


def _source(content_root: Path, path: Path) -> Source:
    try:
        rel = str(path.relative_to(content_root))
    except ValueError:
        rel = str(path)
    return Source(rel, path)


class MarkdownBatch:
    """Markdown documents: those of a kind (its sources' pattern), or any
    files given (``kind`` None: each takes the kind its front matter names,
    and the batch keeps no manifest)."""

    year = None

    def __init__(self, kind: Kind | None, content_root: Path, paths: list[Path] | None = None):
        self.kind = kind
        self.content_root = content_root
        if kind is not None:
            assert isinstance(kind.sources, Markdown)
            if not content_root.is_dir():  # not "no documents": a wrong --content
                raise UserError([Problem(Pos(display_path(content_root)),
                                         "content folder not found")])
            paths = matching(content_root, kind.sources.pattern)
            self.name, self.folder, self.manifest = kind.command, kind.folder, kind.command
        else:
            self.name, self.folder, self.manifest = "documents", "", None
        self.sources = [_source(content_root, path) for path in paths or []]

    def open(self, content: Content | None, selection: Selection,
             standing: Mapping[str, Entry] = {}) -> Made:
        from ..assemble import read_document
        from ..load.content import load_content
        from ..passes.frameworks import frameworks_library
        from ..passes.prepare import prepare_together

        if content is None and self.content_root.is_dir():
            content = load_content(self.content_root)
        documents, problems = [], []
        for source in self.sources:
            try:
                documents.append(read_document(source.path, content, self.kind))
            except UserError as error:
                problems.extend(error.problems)
        if problems:
            raise UserError(problems)
        prepared = prepare_together(documents, frameworks_library(content))
        ids = [document.meta.id for document in documents]
        stems = [self.kind.stem.format(id=i) if self.kind else i for i in ids]
        return Made(list(self.sources), ids, stems, [()] * len(ids), prepared.__getitem__)


def commitment_years(content_root: Path, under: str = COMMITMENTS) -> list[int]:
    """The years with files under ``under`` (the commitments, or their evaluations)."""
    folder = content_root / under
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir()
                  if p.is_dir() and p.name.isdigit() and any(p.glob("*.yaml")))


class CommitmentBatch:
    """The documents of a kind made from the commitment files of one year."""

    def __init__(self, kind: Kind, content_root: Path, year: int | None):
        assert isinstance(kind.sources, Commitments)
        self.kind = kind
        self.content_root = content_root
        under = kind.sources.folder
        self.year, self.name, self.folder, self.manifest = _yearly(
            kind, commitment_years(content_root, under), year, under, content_root / under)
        self.sources = [_source(content_root, path) for path in
                        sorted((content_root / under / str(self.year)).glob("*.yaml"))]

    def open(self, content: Content | None, selection: Selection,
             standing: Mapping[str, Entry] = {}) -> Made:
        from ..assemble import assembler
        from ..load.content import load_content
        from ..passes.frameworks import frameworks_library
        from ..passes.prepare import prepare

        assert isinstance(self.kind.sources, Commitments)
        # commitments are checked one at a time and not kept, so that memory does
        # not grow with the number of institutions; content loaded with its
        # commitments (marco check) has them checked already
        content = content or load_content(self.content_root, with_commitments=False)
        made_from = assembler(self.kind).Assembler(content, self.kind)
        library = frameworks_library(content)

        def commitment_of(source: Source, seen: dict[tuple[str, int, str], Pos]) -> Any:
            return (content.commitments_by_path.get(display_path(source.path))
                    or made_from.read(source.path, seen))

        def identify(standing: Mapping[str, Entry]) -> tuple[dict[str, tuple[str, str, str]],
                                                             list[Problem]]:
            """Each sound source's id, mechanism and institution; the
            problems of those read."""
            found: dict[str, tuple[str, str, str]] = {}
            problems: list[Problem] = []
            seen: dict[tuple[str, int, str], Pos] = {}
            for source in self.sources:
                entry = standing.get(source.rel)
                if entry is not None and len(entry.names) == 2:
                    found[source.rel] = (entry.document, *entry.names)
                    continue
                try:
                    commitment = commitment_of(source, seen)
                except UserError as error:
                    problems.extend(error.problems)
                    continue
                found[source.rel] = (made_from.document_id(commitment), commitment.mechanism,
                                     commitment.institution)
            return found, problems

        found, problems = identify(standing)
        if standing and len({names[1:] for names in found.values()}) < len(found):
            # a source read names the mechanism and institution a standing one
            # names too: read them all, so the second one is reported where it is
            found, problems = identify({})
        if problems:
            raise UserError(problems)
        chosen = _select([(source, *found[source.rel][1:]) for source in self.sources],
                         selection)

        def make(index: int) -> Document:
            return prepare(made_from.assemble(commitment_of(chosen[index][0], {})), library)

        sources = [source for source, _, _ in chosen]
        return Made(sources, [found[s.rel][0] for s in sources],
                    [self.kind.stem.format(id=found[s.rel][0]) for s in sources],
                    [found[s.rel][1:] for s in sources], make)


def framework_years(content: Content) -> list[int]:
    """The years with a framework."""
    return sorted({framework.year for framework in content.frameworks})


class ServiceBatch:
    """The documents of a kind made for each service taking part in a
    mechanism of one of a year's frameworks (default: the latest year with
    a framework). The content is loaded here, since it lists the documents."""

    def __init__(self, kind: Kind, content_root: Path, year: int | None,
                 content: Content | None = None):
        from ..load.content import load_content

        assert isinstance(kind.sources, Services)
        self.kind = kind
        self.content_root = content_root
        self.content = content or load_content(content_root, with_commitments=False)
        self.year, self.name, self.folder, self.manifest = _yearly(
            kind, framework_years(self.content), year, "frameworks", content_root / "frameworks")
        self.made_for = [
            (framework, mechanism, service)
            for framework in sorted(self.content.frameworks, key=lambda f: f.id)
            if framework.year == self.year
            for mechanism in framework.mechanisms
            for ministry in self.content.ministries for service in ministry.services
            if mechanism in service.mechanisms]
        # each document's source is its framework's file, told apart by the service
        self.sources = [
            Source(f"{_source(content_root, Path(framework.pos().path)).rel}#{mechanism}-"
                   f"{service.slug}", Path(framework.pos().path))
            for framework, mechanism, service in self.made_for]

    def open(self, content: Content | None, selection: Selection,
             standing: Mapping[str, Entry] = {}) -> Made:
        from ..assemble import assembler
        from ..passes.frameworks import frameworks_library
        from ..passes.prepare import prepare

        content = content or self.content
        made_from = assembler(self.kind).Assembler(content, self.kind)
        library = frameworks_library(content)
        listed = list(zip(self.sources, self.made_for))
        kept = {source.rel for source, _, _ in _select(
            [(source, mechanism, service.slug) for source, (_, mechanism, service) in listed],
            selection, of=self.kind.command)}
        entries = [(source, made_for) for source, made_for in listed if source.rel in kept]
        ids = [made_from.document_id(*made_for) for _, made_for in entries]

        def make(index: int) -> Document:
            return prepare(made_from.assemble(*entries[index][1]), library)

        return Made([source for source, _ in entries], ids,
                    [self.kind.stem.format(id=i) for i in ids],
                    [(made_for[1], made_for[2].slug) for _, made_for in entries], make)


def _yearly(kind: Kind, years: list[int], year: int | None, what: str,
            where: Path) -> tuple[int, str, str, str]:
    """The year a batch of ``kind`` builds (``year``, by default the latest
    of ``years``, the years with ``what`` under ``where``), and the batch's
    name, folder and manifest."""
    if not years:
        raise SelectionError(f"no {what} under {where}")
    chosen = year or years[-1]
    if chosen not in years:
        raise SelectionError(f"no {what} for {chosen} (years with {what}: "
                             f"{', '.join(map(str, years))})")
    return (chosen, f"{kind.command} {chosen}", kind.folder.format(year=chosen),
            f"{kind.command}-{chosen}")


def _select(chosen: list[tuple[Source, str, str]], selection: Selection,
            of: str = "commitments") -> list[tuple[Source, str, str]]:
    """The (source, mechanism, institution) entries the selection names
    (``of``: what the entries are, for messages)."""
    mechanisms = {mechanism for _, mechanism, _ in chosen}
    slugs = {slug for _, _, slug in chosen}
    for key in selection.mechanisms:
        if key not in mechanisms:
            raise SelectionError(f"no {key} {of} this year{did_you_mean(key, mechanisms)}"
                                 f" (mechanisms: {', '.join(sorted(mechanisms))})")
    for slug in selection.institutions:
        if slug not in slugs:
            raise SelectionError(f"no {of} of institution '{slug}' this year"
                                 f"{did_you_mean(slug, slugs)}")
    return [entry for entry in chosen
            if (not selection.mechanisms or entry[1] in selection.mechanisms)
            and (not selection.institutions or entry[2] in selection.institutions)]


def batch_of(kind: Kind, content_root: Path, selection: Selection) -> Batch:
    """The batch a build of ``kind`` makes."""
    if isinstance(kind.sources, Markdown):
        return MarkdownBatch(kind, content_root)
    if isinstance(kind.sources, Services):
        return ServiceBatch(kind, content_root, selection.year)
    return CommitmentBatch(kind, content_root, selection.year)
