"""The build, top to bottom, the same for every kind (:func:`build`): list
the batch's sources; if none changed since the manifest was written and every
output is there, stop; open the batch, which loads the content and checks
every document (any problem stops the build before anything is rendered);
render the stale documents, in worker processes, into a temporary folder,
each in every format asked for, with its label table and its model file;
move them into place only when all succeeded; record the manifest.
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ..errors import Problem, UserError
from ..kinds import Kind
from ..model.document import Document
from ..model.serial import document_json
from ..writers import WRITERS, Options, fork_safe, renderer
from .manifest import (
    LABELS, MODELS, Entry, Manifest, digest, engine_digest, shared_digest, source_digests,
)
from .scratch import SCRATCH, clean, scratch_folder
from .sources import Batch, MarkdownBatch, Selection, batch_of


@dataclass
class Report:
    """What a build did. ``documents``: the id of every document of the batch
    the build covers, written or unchanged, in source order (their records
    are ``output/.marco/labels/<id>.json`` and ``output/.marco/model/<id>.json``);
    ``outputs``: the files it wrote."""

    name: str
    formats: tuple[str, ...]
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    def summary(self) -> str:
        kinds = ", ".join(f.upper() for f in self.formats)
        return (f"{self.name}: {self.written} written ({kinds}), {self.unchanged} unchanged, "
                f"{self.removed} removed in {self.seconds:.2f} s")


#: Called with the number of documents to render, returns a callback to call once per document.
Progress = Callable[[int], Callable[[], None]]


def no_progress(total: int) -> Callable[[], None]:
    return lambda: None


def build_kind(kind: Kind, content_root: Path, output_root: Path, selection: Selection,
               formats: tuple[str, ...] | None = None, jobs: int = 1, force: bool = False,
               progress: Progress = no_progress, options: Options = Options()) -> Report:
    """Build the documents of ``kind`` that ``selection`` names."""
    return build(batch_of(kind, content_root, selection), output_root, selection,
                 formats or kind.formats, jobs, force, progress, options)


def build_documents(paths: list[Path], content_root: Path, output_root: Path,
                    formats: tuple[str, ...], jobs: int = 1,
                    progress: Progress = no_progress, options: Options = Options()) -> Report:
    """Build Markdown documents of any kind (their front matter says which),
    with the content in scope when the content folder exists."""
    return build(MarkdownBatch(None, content_root, paths), output_root, Selection(), formats,
                 jobs, True, progress, options)


def build(batch: Batch, output_root: Path, selection: Selection, formats: tuple[str, ...],
          jobs: int = 1, force: bool = False, progress: Progress = no_progress,
          options: Options = Options()) -> Report:
    """Build ``batch``'s documents in ``formats``, the writers as ``options`` say."""
    start = time.perf_counter()
    clean(output_root)
    report = Report(batch.name, formats)
    out_dir = output_root / batch.folder
    manifest = keys = None
    if batch.manifest is not None and batch.kind is not None:
        manifest = Manifest.load(output_root / ".marco" / f"{batch.manifest}.json")
        shared = digest(shared_digest(batch.content_root, batch.kind.inputs,
                                      batch.kind.form_path(batch.content_root)),
                        options.key())
        keys = source_digests(shared, {s.rel: s.path for s in batch.sources})
        if not force and not selection.filtered and manifest.unchanged(keys, out_dir, output_root):
            report.unchanged = len(keys)
            report.documents = [manifest.entries[rel].document for rel in keys]
            report.seconds = time.perf_counter() - start
            return report

    standing = {} if force or manifest is None or keys is None else {
        rel: entry for rel, entry in manifest.entries.items() if keys.get(rel) == entry.key}
    made = batch.open(None, selection, standing)
    entries = [Entry(keys[source.rel] if keys else "",
                     [stem + WRITERS[fmt].suffix for fmt in formats], document, names)
               for source, document, stem, names
               in zip(made.sources, made.ids, made.stems, made.names)]
    report.documents = list(made.ids)
    stale = []
    for index, (source, entry) in enumerate(zip(made.sources, entries)):
        old = manifest.entries.get(source.rel) if manifest else None
        if not force and old is not None and old.covers(entry, out_dir, output_root):
            report.unchanged += 1
        else:
            stale.append(index)
    report.outputs = write_outputs(lambda i: made.make(stale[i]), [entries[i] for i in stale],
                                   formats, output_root, out_dir, jobs, progress(len(stale)),
                                   options)
    report.written = len(stale)
    if manifest is not None and keys is not None:
        for index in stale:
            rel = made.sources[index].rel
            old = manifest.entries.get(rel)
            if old is not None:
                old.remove(out_dir, output_root, keep=entries[index])
            manifest.entries[rel] = entries[index]
        if not selection.filtered:
            for rel in set(manifest.entries) - set(keys):
                manifest.entries.pop(rel).remove(out_dir, output_root)
                report.removed += 1
        manifest.save(output_root)
    report.seconds = time.perf_counter() - start
    return report


def write_outputs(make: Callable[[int], Document], entries: list[Entry],
                  formats: tuple[str, ...], output_root: Path, out_dir: Path, jobs: int,
                  tick: Callable[[], None], options: Options = Options()) -> list[Path]:
    """Render document ``i`` (made by ``make(i)``) as ``entries[i]`` says into
    this build's scratch folder (:mod:`.scratch`). Only when every document was
    made and rendered are the files moved into place (outputs into ``out_dir``,
    label tables into ``output/.marco/labels/``, model files into
    ``output/.marco/model/``): a user error in any of them (all are reported)
    or a failure leaves the earlier output untouched, and no folder the build
    made."""
    labels_dir, models_dir = output_root / LABELS, output_root / MODELS
    created = sorted({p for target in (out_dir, output_root / SCRATCH, output_root / LABELS,
                                       output_root / MODELS)
                      for p in [target, *target.parents] if not p.exists()},
                     key=lambda p: len(p.parts), reverse=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    problems: list[Problem] = []
    where: dict[int, Path] = {}
    try:
        with scratch_folder(output_root) as tmp:
            for index, found, rendered in render_all(make, entries, formats, tmp, jobs, options):
                problems.extend(found)
                where[index] = rendered
                tick()
            if problems:
                raise UserError(problems)
            if entries:
                labels_dir.mkdir(parents=True, exist_ok=True)
                models_dir.mkdir(parents=True, exist_ok=True)
            for index, entry in enumerate(entries):
                rendered = where[index]
                for name in entry.outputs:
                    os.replace(rendered / name, out_dir / name)
                    written.append(out_dir / name)
                os.replace(rendered / entry.labels, labels_dir / entry.labels)
                os.replace(_scratch_model(rendered, entry), models_dir / entry.model)
    except BaseException:
        for folder in created:  # leave no trace of a failed build
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    return written


#: What a worker process renders from: set before the pool forks, so workers
#: inherit the loaded content and templates instead of receiving them pickled.
_MAKE: Callable[[int], Document] | None = None


def _scratch_model(folder: Path, entry: Entry) -> Path:
    """Where a document's model file waits in a scratch folder (its name is
    that of its label table)."""
    return folder / MODELS.name / entry.model


def _own_folder(scratch: Path) -> Path:
    """This process's folder in the build's scratch folder: processes that
    create files in one folder wait for each other there (on ext4, two
    workers' files cost each about half as much in folders of their own)."""
    folder = scratch / str(os.getpid())
    if not folder.is_dir():
        (folder / MODELS.name).mkdir(parents=True)
    return folder


def _write_new(path: Path, data: bytes) -> None:
    """Write a file of a scratch folder. Nothing else writes there, and the
    folder goes if the build fails, so no temporary name is needed: a name
    taken twice is a bug, hence ``x``."""
    with open(path, "xb") as file:
        file.write(data)


def _render_one(index: int, entry: Entry, formats: tuple[str, ...], scratch: Path,
                options: Options, make: Callable[[int], Document] | None = None,
                ) -> tuple[int, list[Problem], Path]:
    """Make and render one document into this process's folder of the
    ``scratch`` folder; returns ``index``, the document's user errors (not
    raised, so that one run reports those of every document) and the folder."""
    make = make or _MAKE
    assert make is not None
    folder = _own_folder(scratch)
    try:
        _write_document(make(index), entry, formats, folder, options)
    except UserError as error:
        return index, error.problems, folder
    return index, [], folder


def _write_document(document: Document, entry: Entry, formats: tuple[str, ...], folder: Path,
                    options: Options) -> None:
    """Write ``document``'s model file, its outputs and its label table into ``folder``."""
    assert document.labels is not None, "made documents are numbered"
    # the model as the passes left it, before any writer reads it
    _write_new(_scratch_model(folder, entry), document_json(document, engine_digest()))
    if document.not_carried and set(formats) - {"docx"}:
        raise UserError([Problem(document.source, f"{what}: PDF and HTML would lose it, so "
                                                  "this form makes DOCX only (--format docx)")
                         for what in document.not_carried])
    for fmt, name in zip(formats, entry.outputs):
        _write_new(folder / name, renderer(fmt, options).render(document))
    _write_new(folder / entry.labels, document.labels.to_json())


def render_all(make: Callable[[int], Document], entries: list[Entry],
               formats: tuple[str, ...], scratch: Path, jobs: int,
               options: Options = Options()) -> Iterator[tuple[int, list[Problem], Path]]:
    """Render every document into the ``scratch`` folder; yields, as each one
    finishes, its index, its problems and the folder holding its files. Output
    bytes do not depend on ``jobs``: each document is rendered on its own. In
    a process where forked workers could not render (Typst has compiled
    here: a long-lived process, the tests), everything is rendered here."""
    global _MAKE
    for fmt in formats:
        renderer(fmt, options)  # templates, fonts, engines' imports: once, before forking
    engine_digest()  # for the model files: once, before forking
    if jobs <= 1 or len(entries) <= 1 or not fork_safe(formats, options):
        for index, entry in enumerate(entries):
            yield _render_one(index, entry, formats, scratch, options, make)
        return
    # here, not at the top: a build that renders one document or none starts no pool
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    _MAKE = make
    # what the workers inherit, out of their collections' way (walking it
    # would cost them time and copy the pages they share with this process)
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
            futures = [pool.submit(_render_one, i, entry, formats, scratch, options)
                       for i, entry in enumerate(entries)]
            for future in as_completed(futures):
                yield future.result()
    finally:
        gc.unfreeze()
        _MAKE = None
