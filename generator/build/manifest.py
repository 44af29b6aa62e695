"""What each output was made from, so unchanged documents are not made again.

An output's key is a digest of everything it depends on: the engine (the
``generator`` package and ``templates/`` but its Word forms), the Word form
its kind fills, if any, the content it shares with other
documents of its kind, and its own source file. The manifest maps each source
to its key, its outputs and its document's id (which names its records: its
label table and its model file, under ``output/.marco/``); it is written only
after a successful build.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..errors import Problem, UserError
from ..load.files import read_bytes
from .scratch import replace_file

PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE.parent / "templates"
#: The forms analysts design in Word: the project's content, not the engine's
#: (a changed form makes again only the documents filled from it).
FORMS = TEMPLATES / "word"
#: Where every build keeps, under the output folder, the label table
#: (:mod:`generator.model.labels`) and the model file
#: (:mod:`generator.model.serial`) of each document it made.
LABELS = Path(".marco") / "labels"
MODELS = Path(".marco") / "model"


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def files_digest(root: Path, paths: list[Path]) -> str:
    """Digest of the names (relative to ``root``) and bytes of ``paths``;
    :class:`UserError` with every one that cannot be read."""
    parts: list[bytes | str] = []
    problems: list[Problem] = []
    for path in sorted(paths):
        try:
            parts += [str(path.relative_to(root)), read_bytes(path)]
        except UserError as error:
            problems += error.problems
    if problems:
        raise UserError(problems)
    return digest(*parts)


def _tree(root: Path, pattern: str = "*") -> list[Path]:
    """The files under ``root`` (and what stands where a file would: a
    dangling link), but folders and Python's caches."""
    return [p for p in root.rglob(pattern) if "__pycache__" not in p.parts
            and (p.is_file() or (p.is_symlink() and not p.exists()))]


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """The engine's version: its code and the templates it formats with."""
    engine = [p for p in _tree(TEMPLATES) if not p.is_relative_to(FORMS)]
    return digest(__version__, files_digest(PACKAGE, _tree(PACKAGE, "*.py")),
                  files_digest(TEMPLATES, engine) if TEMPLATES.is_dir() else "")


def shared_digest(content_root: Path, inputs: tuple[str, ...], form: Path | None = None) -> str:
    """Engine + the content files and folders (``inputs``, relative to the
    content root) that every document of a kind is made from, and the Word
    form it fills, if any."""
    shared = [p for name in inputs for p in
              (_tree(content_root / name) if (content_root / name).is_dir()
               else [content_root / name] if (content_root / name).exists() else [])]
    filled = read_bytes(form) if form is not None and form.exists() else b""
    return digest(engine_digest(), files_digest(content_root, shared), filled)


def source_digests(shared: str, sources: dict[str, Path]) -> dict[str, str]:
    """Each source's key: ``shared`` and its own file's bytes; :class:`UserError`
    with every source that cannot be read."""
    keys, problems = {}, []
    for rel, path in sources.items():
        try:
            keys[rel] = digest(shared, read_bytes(path))
        except UserError as error:
            problems += error.problems
    if problems:
        raise UserError(problems)
    return keys


@dataclass
class Entry:
    """One source's record: its key, its outputs' file names, its document's
    id and the names the batch tells it from the others by (see
    :class:`generator.build.sources.Made`)."""

    key: str
    outputs: list[str]
    document: str
    names: tuple[str, ...] = ()

    @property
    def labels(self) -> str:
        """The file name of the document's label table (under :data:`LABELS`)."""
        return f"{self.document}.json"

    @property
    def model(self) -> str:
        """The file name of the document's model file (under :data:`MODELS`)."""
        return f"{self.document}.json"

    def records(self, output_root: Path) -> list[Path]:
        """The document's label table and model file."""
        return [output_root / LABELS / self.labels, output_root / MODELS / self.model]

    def present(self, out_dir: Path, output_root: Path) -> bool:
        return all(path.is_file() for path in
                   [*self.records(output_root), *(out_dir / name for name in self.outputs)])

    def covers(self, wanted: Entry, out_dir: Path, output_root: Path) -> bool:
        """Whether what this entry recorded still stands for ``wanted``: the
        same key and document, and ``wanted``'s outputs and records are there."""
        return (self.key == wanted.key and self.document == wanted.document
                and wanted.present(out_dir, output_root))

    def remove(self, out_dir: Path, output_root: Path, keep: Entry | None = None) -> None:
        """Remove this entry's files, but those ``keep`` has too."""
        for name in set(self.outputs) - set(keep.outputs if keep else ()):
            (out_dir / name).unlink(missing_ok=True)
        kept = set(keep.records(output_root)) if keep else set()
        for path in self.records(output_root):
            if path not in kept:
                path.unlink(missing_ok=True)


@dataclass
class Manifest:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = {k: Entry(v["key"], list(v["outputs"]), v["document"],
                                tuple(v.get("names", ())))
                       for k, v in data["entries"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}  # a missing or damaged manifest means: build everything
        return cls(path, entries)

    def save(self, output_root: Path) -> None:
        """Write the manifest by way of the build's scratch folder under ``output_root``."""
        data = {"entries": {k: {"key": e.key, "outputs": e.outputs, "document": e.document,
                                **({"names": list(e.names)} if e.names else {})}
                            for k, e in sorted(self.entries.items())}}
        replace_file(output_root, self.path,
                     json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))

    def unchanged(self, keys: dict[str, str], out_dir: Path, output_root: Path) -> bool:
        """Whether the sources are those recorded, with the same keys, and
        every recorded file is there."""
        return set(self.entries) == set(keys) and all(
            self.entries[rel].key == key and self.entries[rel].present(out_dir, output_root)
            for rel, key in keys.items())
