"""Pass 2: resolve every reference and count to its text.

A reference names a label (``[@tbl:sistemas]``, ``[-@sec:alcance]``), maybe
in another document (``[@programa-marco-2012/tbl:sistemas]``); a count names
a kind, maybe under a section (``[#sec]``, ``[#sec:proceso]``, ``[#ann]``).
The text is the one the numbering pass made from the target's number (a
full or a number-only reference). An unknown label, a label of another kind
than the reference says, or an unknown document stops the build: nothing is
written. The labels of other documents (and of frameworks) that references
resolved to are kept in ``Document.cited``.
"""

from __future__ import annotations

from typing import Mapping

from ..errors import Problems, did_you_mean
from ..model.document import Document, Ref
from ..model.labels import COUNTABLE, LABEL_KINDS, NOUNS, LabelTable, split_label
from ..model.walk import all_inlines, iter_inlines


def resolve_references(document: Document, labels: LabelTable,
                       others: Mapping[str, LabelTable] | None = None) -> None:
    """Set ``text`` on every :class:`Ref` of ``document`` (``others``: the
    tables of the documents and frameworks it may name) and record in
    ``document.cited`` what those naming another resolved to; raise
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
        if kind not in LABEL_KINDS or not name:
            problems.add(ref.pos, f"malformed reference '{ref.label}' (expected kind:name with "
                                  f"kind one of {', '.join(sorted(LABEL_KINDS))})")
            continue
        target = table.labels.get(ref.label)
        where = f" in '{ref.document}'" if ref.document else ""
        if target is None:
            same_name = [label for label in table.labels.values() if label.name == name]
            if same_name:
                found = same_name[0]
                problems.add(ref.pos, f"'{ref.label}' refers to a {NOUNS[found.kind]}, not a "
                                      f"{NOUNS[kind]} (write '{found.key}')")
            else:
                problems.add(ref.pos, f"unknown label '{ref.label}'{where}"
                                      f"{table.suggest(ref.label)}")
            continue
        ref.text = target.full if ref.form == "full" else target.short
        if ref.document is not None:
            document.cited[f"{ref.document}/{ref.label}"] = target
    problems.raise_if_any()


def _resolve_count(ref: Ref, labels: LabelTable, problems: Problems) -> None:
    kind, name = split_label(ref.label)
    if kind not in COUNTABLE:
        problems.add(ref.pos, f"cannot count '{kind}' (expected one of {', '.join(sorted(COUNTABLE))})")
        return
    if name:
        if kind != "sec":
            problems.add(ref.pos, f"only sections are counted under a label (got '{ref.label}')")
            return
        if ref.label not in labels.labels:
            problems.add(ref.pos, f"unknown section '{name}'{labels.suggest(ref.label)}")
            return
    ref.text = str(labels.counts.get(ref.label, 0))
