"""The two versions ``marco diff`` compares, each as the output folder of a
build: a git revision's content (extracted with ``git archive`` into a
temporary folder, so the user's working tree is never touched), the working
tree's, or an output folder given as such (``--outputs``).

Revisions and the working tree are built with this marco, into folders kept
under ``<output>/.marco/diff/`` (``old``, ``new``): the next diff rebuilds in
them only what changed, as any build does. What is compared is the document
model every build keeps (``.marco/model/<id>.json``); the DOCX (or the
formats asked for) are built too, for the report's links and for reading.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

from ..errors import Pos, UserError
from ..kinds import FORMS_FOLDER, KINDS, Commitments, Kind, Services
from ..writers import WRITERS

MODELS = Path(".marco") / "model"
#: Where diff keeps its builds of each side, under the output folder.
CACHE = Path(".marco") / "diff"


class DiffError(Exception):
    """A version that cannot be compared: an unknown revision, a folder that
    is not an output folder, outputs of two versions of marco."""


@dataclass(frozen=True)
class Narrowing:
    """Which documents to compare: kinds (by name or command), a year and
    institutions of the kinds made from commitments (naming either leaves
    out the other kinds)."""

    kinds: tuple[str, ...] = ()
    year: int | None = None
    institutions: tuple[str, ...] = ()

    def wants(self, kind: Kind) -> bool:
        if self.kinds and kind.name not in self.kinds and kind.command not in self.kinds:
            return False
        return isinstance(kind.sources, Commitments) or not (self.year or self.institutions)


@dataclass
class Side:
    """One version: its name ("HEAD", "working tree", a folder), the output
    folder holding its models, the ids of its documents, its date (a
    revision's commit date; today for the working tree and folders)."""

    name: str
    output: Path
    documents: list[str]
    date: dt.date
    files: dict[str, list[Path]] = field(default_factory=dict)

    def model(self, document: str) -> Path:
        return self.output / MODELS / f"{document}.json"


def output_side(folder: Path) -> Side:
    """An output folder given with ``--outputs``: every document whose model it keeps."""
    models = folder / MODELS
    if not models.is_dir():
        raise DiffError(f"{folder}: not an output folder of marco (it has no {MODELS}/; "
                        "build into it with this version of marco)")
    documents = sorted(path.stem for path in models.glob("*.json"))
    return Side(str(folder), folder, documents, dt.date.today(), _files(folder, documents))


# ------------------------------------------------------------------ git


def _git(args: list[str], cwd: Path, *, binary: bool = False) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary,
                              check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed; compare output folders with --outputs A B") from None


@dataclass(frozen=True)
class Repository:
    root: Path
    content: str  # the content folder, relative to the root

    @classmethod
    def of(cls, content: Path) -> Repository:
        where = content if content.is_dir() else Path.cwd()
        found = _git(["rev-parse", "--show-toplevel"], where)
        if found.returncode != 0:
            raise DiffError(f"{content}: not in a git repository; compare output folders "
                            "with --outputs A B")
        root = Path(found.stdout.strip()).resolve()
        try:
            relative = content.resolve().relative_to(root)
        except ValueError:
            raise DiffError(f"{content}: the content folder is not in the repository "
                            f"{root}") from None
        return cls(root, relative.as_posix())

    def commit(self, revision: str) -> str:
        if revision.startswith("-"):
            raise DiffError(f"unknown revision '{revision}'")
        found = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], self.root)
        if found.returncode != 0:
            raise DiffError(f"unknown revision '{revision}'")
        return found.stdout.strip()

    def date(self, commit: str) -> dt.date:
        shown = _git(["show", "-s", "--format=%cs", commit], self.root)
        return dt.date.fromisoformat(shown.stdout.strip())

    def extract(self, revision: str, commit: str, into: Path) -> Path:
        """The content folder of ``commit``, extracted under ``into``, with
        the Word forms beside it where the commit has them."""
        if _git(["cat-file", "-e", f"{commit}:{self.content}"], self.root).returncode != 0:
            raise DiffError(f"{revision} has no folder {self.content}/")
        forms = PurePosixPath(self.content).parent.joinpath(*FORMS_FOLDER).as_posix()
        has_forms = _git(["cat-file", "-e", f"{commit}:{forms}"], self.root).returncode == 0
        archive = _git(["archive", "--format=tar", commit, "--", self.content,
                        *([forms] if has_forms else [])], self.root, binary=True)
        if archive.returncode != 0:
            raise DiffError(f"cannot read {revision}:{self.content}: "
                            f"{archive.stderr.decode(errors='replace').strip()}")
        archive_path = into / "content.tar"
        archive_path.write_bytes(archive.stdout)
        with tarfile.open(archive_path) as tar:
            tar.extractall(into / "tree", filter="data")
        archive_path.unlink()
        return into / "tree" / self.content


# ------------------------------------------------------------------ building


@dataclass
class Build:
    """How each side is built: the formats besides the model, the workers,
    and ``progress(label)``, a progress callback factory
    (:data:`generator.build.build.Progress`) for a side's build."""

    formats: tuple[str, ...] = ("docx",)
    jobs: int = 1
    progress: Callable[[str], Callable[[int], Callable[[], None]]] | None = None


def build_side(name: str, content: Path, output: Path, narrowing: Narrowing, build: Build,
               date: dt.date) -> Side:
    """Build the documents of ``content`` that ``narrowing`` names into ``output``."""
    from ..build.build import build as run_build, no_progress
    from ..build.sources import Selection, SelectionError, batch_of, commitment_years

    if not content.is_dir():
        raise DiffError(f"{name}: no content folder {content}")
    documents: list[str] = []
    for kind in KINDS.values():
        if not (narrowing.wants(kind) and kind.makes_documents(content)):
            continue
        if isinstance(kind.sources, Commitments):
            years = commitment_years(content, kind.sources.folder)
            if narrowing.year is not None:
                years = [year for year in years if year == narrowing.year]
            selections = [Selection(year=year, institutions=narrowing.institutions)
                          for year in years]
        elif isinstance(kind.sources, Services):  # the year's, or the latest framework's
            selections = [Selection(year=narrowing.year, institutions=narrowing.institutions)]
        else:
            selections = [Selection()]
        for selection in selections:
            try:
                batch = batch_of(kind, content, selection)
                progress = build.progress(f"{name}: {batch.name}") if build.progress \
                    else no_progress
                report = run_build(batch, output, selection, build.formats, build.jobs,
                                   progress=progress)
            except SelectionError as error:
                if narrowing.institutions:  # an institution this year or version lacks
                    continue
                raise DiffError(f"{name}: {error}") from None
            documents += report.documents
    return Side(name, output, documents, date, _files(output, documents))


def _files(output: Path, documents: list[str]) -> dict[str, list[Path]]:
    """Each document's files in an output folder (found by the kinds' stems)."""
    stems: dict[str, str] = {}
    for document in documents:
        for kind in KINDS.values():
            stems.setdefault(kind.stem.format(id=document), document)
    suffixes = {writer.suffix for writer in WRITERS.values()}
    files: dict[str, list[Path]] = {}
    for path in sorted(output.rglob("*")):
        if ".marco" in path.relative_to(output).parts or path.suffix not in suffixes:
            continue
        if path.stem in stems:
            files.setdefault(stems[path.stem], []).append(path)
    return files


def _relabelled(error: UserError, folder: Path, revision: str) -> UserError:
    """The revision's problems at ``rev:path:line``."""
    prefix = str(folder).rstrip("/") + "/"
    problems = []
    for problem in error.problems:
        path = problem.pos.path
        if path.startswith(prefix):
            path = f"{revision}:{path[len(prefix):]}"
        problems.append(replace(problem, pos=Pos(path, problem.pos.line)))
    return UserError(problems)


@contextmanager
def revision_sides(content: Path, output: Path, old: str, new: str | None,
                   narrowing: Narrowing, build: Build) -> Iterator[tuple[Side, Side]]:
    """Build revision ``old`` and revision ``new`` (None: the working tree)."""
    repository = Repository.of(content)
    commits = {revision: repository.commit(revision) for revision in (old, new) if revision}
    temporary = Path(tempfile.mkdtemp(prefix="marco-diff-"))
    try:
        sides, problems = [], []
        for slot, revision in (("old", old), ("new", new)):
            cache = output / CACHE / slot
            try:
                if revision is None:
                    sides.append(build_side("working tree", content, cache, narrowing, build,
                                            dt.date.today()))
                    continue
                folder = temporary / slot
                folder.mkdir()
                tree = repository.extract(revision, commits[revision], folder)
                try:
                    sides.append(build_side(revision, tree, cache, narrowing, build,
                                            repository.date(commits[revision])))
                except UserError as error:
                    raise _relabelled(error, folder / "tree", revision) from None
            except UserError as error:  # both versions' errors are reported
                problems += error.problems
        if problems:
            raise UserError(problems)
        yield sides[0], sides[1]
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
