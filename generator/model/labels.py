"""The label table of a numbered document, as Sphinx keeps ``objects.inv``:
every labelled element with its kind, its number (a tuple), the texts the
scheme made of it, its title and where it is written. The numbering pass
makes it, the reference pass reads it, and every build writes it beside its
outputs (``output/.marco/labels/<document id>.json``), so that two builds can
be compared label by label.

A label is ``kind:name``; two elements of different kinds may share a name
(``sec:proceso`` and ``tbl:proceso``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal, get_args

from ..errors import Pos, did_you_mean

LabelKind = Literal["sec", "tbl", "fig", "ann", "par", "con", "art", "rule", "item", "fn", "def",
                    "obj"]
LABEL_KINDS: tuple[LabelKind, ...] = get_args(LabelKind)
#: What each kind of label is on, for messages.
NOUNS: dict[LabelKind, str] = {
    "sec": "section", "tbl": "table", "fig": "figure", "ann": "annex",
    "par": "paragraph", "con": "considerando", "art": "article", "rule": "rule",
    "item": "item", "fn": "footnote", "def": "term", "obj": "objective",
}
#: Kinds whose elements can be counted with ``[#kind]``.
COUNTABLE: tuple[LabelKind, ...] = ("sec", "tbl", "fig", "ann", "par", "con", "art", "rule",
                                    "item", "def")


def split_label(label: str) -> tuple[str, str]:
    """``("tbl", "sistemas")`` for ``"tbl:sistemas"``."""
    kind, _, name = label.partition(":")
    return kind, name


@dataclass(frozen=True)
class Label:
    """A labelled element after numbering. ``number`` is None for what has
    no number (an unnumbered section, a term); ``display`` is how the element
    shows its number ("Cuadro 1", "6.2.1", "II."; its title when it has no
    number); ``full`` and ``short`` are what a full and a number-only
    reference to it read ("sección 6.2.1", "6.2.1")."""

    kind: LabelKind
    name: str
    number: tuple[int, ...] | None
    display: str
    full: str
    short: str
    title: str
    pos: Pos

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.name}"


@dataclass
class LabelTable:
    """The labels of one document (by ``kind:name``, in document order) and
    its counts (``sec``, ``sec:<name>`` for a section's subsections, ``tbl``, …)."""

    document: str
    kind: str
    labels: dict[str, Label] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def suggest(self, label: str) -> str:
        """`` (did you mean 'kind:name'?)`` for the closest label."""
        return did_you_mean(label, self.labels)

    def to_json(self) -> bytes:
        """The table as JSON: the same table gives the same bytes."""
        data = {
            "document": self.document,
            "kind": self.kind,
            "labels": {key: {"kind": label.kind, "name": label.name,
                             "number": list(label.number) if label.number is not None else None,
                             "display": label.display, "full": label.full, "short": label.short,
                             "title": label.title, "source": str(label.pos)}
                       for key, label in self.labels.items()},
            "counts": dict(sorted(self.counts.items())),
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
