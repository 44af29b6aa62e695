"""What each output was made from, so unchanged documents are not made again.

An output's key is a digest of everything it depends on: the engine (the
``generator`` package and ``templates/``), the content it shares with other
documents, and its own source file. The manifest maps each source to its key
and outputs; it is written only after a successful build.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import __version__

PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE.parent / "templates"


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def files_digest(root: Path, paths: list[Path]) -> str:
    """Digest of the names (relative to ``root``) and bytes of ``paths``."""
    parts: list[bytes | str] = []
    for path in sorted(paths):
        parts += [str(path.relative_to(root)), path.read_bytes()]
    return digest(*parts)


def _tree(root: Path, pattern: str = "*") -> list[Path]:
    return [p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts]


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """The engine's version: its code and the templates it formats with."""
    return digest(__version__, files_digest(PACKAGE, _tree(PACKAGE, "*.py")),
                  files_digest(TEMPLATES, _tree(TEMPLATES)) if TEMPLATES.is_dir() else "")


def shared_digest(content_root: Path, inputs: tuple[str, ...]) -> str:
    """Engine + the content files and folders (``inputs``, relative to the
    content root) that every document of a kind is made from."""
    shared = [p for name in inputs for p in
              ([content_root / name] if (content_root / name).is_file()
               else _tree(content_root / name))]
    return digest(engine_digest(), files_digest(content_root, shared))


@dataclass
class Entry:
    key: str
    outputs: list[str]


@dataclass
class Manifest:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = {k: Entry(v["key"], list(v["outputs"])) for k, v in data["entries"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}  # a missing or damaged manifest means: build everything
        return cls(path, entries)

    def save(self) -> None:
        data = {"entries": {k: {"key": e.key, "outputs": e.outputs}
                            for k, e in sorted(self.entries.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)
