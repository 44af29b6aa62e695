"""Pass 2: resolve every reference and count to its text.

A reference names a label (``[@tbl:sistemas]``, ``[-@sec:alcance]``), maybe
in another document (``[@programa-marco-2012/tbl:sistemas]``); a count names
a kind, maybe under a section (``[#sec]``, ``[#sec:proceso]``, ``[#ann]``).
An unknown label, a label of another kind than the reference says, or an
unknown document stops the build: nothing is written.
"""

from __future__ import annotations

from typing import Mapping

from ..errors import Problems, did_you_mean
from ..model.document import Document, Ref
from ..model.walk import all_inlines, iter_inlines
from .numbering import COUNTABLE, KINDS, Labels, split_label


def resolve_references(document: Document, labels: Labels,
                       others: Mapping[str, Labels] | None = None) -> None:
    """Set ``text`` on every :class:`Ref` of ``document``; raise
    :class:`~generator.errors.UserError` listing every unresolved one."""
    others = others or {}
    problems = Problems()
    inlines = list(all_inlines(document.blocks))
    for note in document.footnotes.values():
        inlines.extend(iter_inlines(note.inlines))
    for ref in inlines:
        if not isinstance(ref, Ref):
            continue
        if ref.form == "count":
            _resolve_count(ref, labels, problems)
            continue
        table = labels
        if ref.document is not None:
            if ref.document not in others:
                problems.add(ref.pos, f"unknown document '{ref.document}'"
                                      f"{did_you_mean(ref.document, others)}")
                continue
            table = others[ref.document]
        kind, name = split_label(ref.label)
        if kind not in KINDS or not name:
            problems.add(ref.pos, f"malformed reference '{ref.label}' (expected kind:name with "
                                  f"kind one of {', '.join(sorted(KINDS))})")
            continue
        target = table.targets.get(name)
        where = f" in '{ref.document}'" if ref.document else ""
        if target is None:
            problems.add(ref.pos, f"unknown label '{ref.label}'{where}{table.suggest(ref.label)}")
            continue
        if target.kind != kind:
            problems.add(ref.pos, f"'{ref.label}' refers to a {KINDS[target.kind]}, not a "
                                  f"{KINDS[kind]} (write '{target.kind}:{name}')")
            continue
        ref.text = target.full if ref.form == "full" else target.number
    problems.raise_if_any()


def _resolve_count(ref: Ref, labels: Labels, problems: Problems) -> None:
    kind, name = split_label(ref.label)
    if kind not in COUNTABLE:
        problems.add(ref.pos, f"cannot count '{kind}' (expected one of {', '.join(sorted(COUNTABLE))})")
        return
    if name:
        if kind != "sec":
            problems.add(ref.pos, f"only sections are counted under a label (got '{ref.label}')")
            return
        target = labels.targets.get(name)
        if target is None or target.kind != "sec":
            problems.add(ref.pos, f"unknown section '{name}'{labels.suggest(ref.label)}")
            return
    ref.text = str(labels.counts.get(ref.label, 0))
