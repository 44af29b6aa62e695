"""A review: every document of two versions compared (:func:`review`).

Documents are matched by id. A document whose model file has the same bytes
in both versions is unchanged without being read (builds are deterministic);
the others are read back and compared on the model
(:mod:`generator.review.compare`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.document import Document
from ..model.serial import ModelFile, ModelFileError, read_document_json
from .compare import DocumentDiff, compare_documents
from .sides import DiffError, Side


@dataclass
class Review:
    old: Side
    new: Side
    documents: list[DocumentDiff] = field(default_factory=list)  # all but the unchanged
    unchanged: int = 0

    def count(self, status: str) -> int:
        if status == "unchanged":
            return self.unchanged
        return sum(1 for document in self.documents if document.status == status)

    @property
    def changed(self) -> bool:
        return bool(self.documents)

    def summary(self) -> str:
        """"2 changed, 1 added, 0 removed, 13 unchanged" or "no changes (16 documents)"."""
        if not self.documents:
            return f"no changes ({self.unchanged} document{'s' if self.unchanged != 1 else ''})"
        return ", ".join(f"{self.count(status)} {status}"
                         for status in ("changed", "added", "removed", "unchanged"))


def review(old: Side, new: Side, kinds: tuple[str, ...] = ()) -> Review:
    """Compare every document of ``old`` and ``new`` (of ``kinds`` only, when given)."""
    result = Review(old, new)
    engines: dict[str, str] = {}
    for document in sorted(set(old.documents) | set(new.documents)):
        before = _read(old, document) if document in old.documents else None
        after = _read(new, document) if document in new.documents else None
        if not kinds and before is not None and before == after:
            result.unchanged += 1
            continue
        a = _model(old, document, before, engines)
        b = _model(new, document, after, engines)
        kind = (b or a).meta.kind  # type: ignore[union-attr]
        if kinds and kind not in kinds:
            continue
        diff = compare_documents(a, b) if a != b else None
        if diff is None or diff.status == "unchanged":
            result.unchanged += 1
        else:
            result.documents.append(diff)
    return result


def _read(side: Side, document: str) -> bytes:
    path = side.model(document)
    try:
        return path.read_bytes()
    except OSError as error:
        raise DiffError(f"{path}: cannot read the model file ({error.strerror})") from None


def _model(side: Side, document: str, data: bytes | None,
           engines: dict[str, str]) -> Document | None:
    if data is None:
        return None
    try:
        model: ModelFile = read_document_json(data)
    except ModelFileError as error:
        raise DiffError(f"{side.model(document)}: {error}") from None
    engines.setdefault(side.name, model.engine)
    if len(set(engines.values())) > 1:
        names = " and ".join(engines)
        raise DiffError(f"{names} were built by different versions of marco; build both "
                        "with one version (marco build …) and compare again")
    return model.document
