"""Pass 1: number every numbered element and record every label.

Numbers are tuples; they become text here and only here, by the scheme of the
document's kind (:data:`SCHEMES`). The result is a :class:`Labels` table that
the reference pass (:mod:`generator.references`) reads.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ..errors import Pos, Problems, did_you_mean
from ..model.document import (
    Annex, Block, DefinitionList, Document, Figure, FootnoteRef, Inline,
    NumberedParagraph, OrderedList, Section, Table, Text,
)
from ..model.walk import all_inlines, iter_blocks, iter_inlines

#: Kinds of label, as written before the colon: ``{#tbl:sistemas}``.
KINDS = {
    "sec": "section", "tbl": "table", "fig": "figure", "ann": "annex",
    "par": "paragraph", "con": "considerando", "art": "article", "rule": "rule",
    "item": "item",
    "fn": "footnote", "def": "term",
}
#: Kinds whose elements can be counted with ``[#kind]``.
COUNTABLE = {"sec", "tbl", "fig", "ann", "par", "con", "art", "rule", "item", "def"}

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


@dataclass(frozen=True)
class Scheme:
    """How a document kind writes its numbers. ``sections``: ``decimal``
    (1, 1.1, 1.1.1), ``roman`` (I., II. at the top level, then 1., 2.) or
    ``None`` (sections are not numbered). Format strings take ``n`` (the
    number), ``r`` and ``R`` (the number in lower and upper case Roman)."""

    sections: str | None = "decimal"
    #: Sections inside an unnumbered top-level section (a guide's introduction):
    #: numbered on their own with this format, or like any other when None.
    intro: str | None = None
    par: str = "{n})"
    con: str = "{n}.-"
    art: str = "Artículo {n}°.-"
    rule: str = "{n}."
    item: str = "{r})"
    tbl: str = "Cuadro {n}"
    fig: str = "Figura {n}"
    ann: str = "Anexo {n}"
    list_item: str = "{n}."


SCHEMES: dict[str, Scheme] = {
    "guide": Scheme(sections="decimal", intro="{n}.-"),
    "programa-marco": Scheme(sections="roman"),
    "circular": Scheme(sections=None),
    "decree": Scheme(sections=None),
}

#: How a reference names each kind: ("full" text, "number" text) from the display.
REFERENCE_FORMS = {
    "sec": "sección {num}",
    "tbl": "{display}",
    "fig": "{display}",
    "ann": "{display}",
    "par": "párrafo {num}",
    "con": "considerando {num}",
    "art": "artículo {num}°",
    "rule": "punto {num}",
    "item": "punto {num}",
}


def scheme_for(kind: str) -> Scheme:
    return SCHEMES.get(kind, Scheme())


@dataclass
class Target:
    """A labelled element after numbering."""

    kind: str
    name: str
    pos: Pos
    full: str  # text of a full reference: "Cuadro 2", "sección 6.2.1"
    number: str  # text of a number-only reference: "2", "6.2.1"


@dataclass
class Labels:
    targets: dict[str, Target] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # "sec", "sec:intro", "tbl", …

    def suggest(self, label: str) -> str:
        """`` (did you mean 'kind:name'?)`` for the closest label."""
        return did_you_mean(label, [f"{t.kind}:{t.name}" for t in self.targets.values()])


def split_label(label: str) -> tuple[str, str]:
    kind, _, name = label.partition(":")
    return kind, name


def assign_numbers(document: Document) -> Labels:
    """Number ``document`` in place and return its labels; raise
    :class:`~generator.errors.UserError` on a duplicate or malformed label."""
    problems = Problems()
    labels = Labels()
    scheme = scheme_for(document.meta.kind)

    def register(label: str | None, expected: str, pos: Pos, full: str, number: str) -> None:
        if label is None:
            return
        kind, name = split_label(label)
        if kind not in KINDS or not name:
            problems.add(pos, f"malformed label '{label}' (expected kind:name with kind one of "
                              f"{', '.join(sorted(KINDS))})")
            return
        if kind != expected:
            problems.add(pos, f"label '{label}' is on a {KINDS[expected]}, so it must start "
                              f"with '{expected}:'")
            return
        if name in labels.targets:
            first = labels.targets[name]
            problems.add(pos, f"duplicate label '{name}' (first at {first.pos})")
            return
        labels.targets[name] = Target(kind, name, pos, full, number)

    _number_sections(document.blocks, (), scheme, register, labels, level=1, parent=None)
    counters: dict[str, int] = {}
    for block in iter_blocks(document.blocks):
        if isinstance(block, NumberedParagraph):
            n = counters[block.kind] = counters.get(block.kind, 0) + 1
            fmt = getattr(scheme, block.kind, None) if block.kind in REFERENCE_FORMS else None
            if fmt is None:
                problems.add(block.pos, f"unknown numbered paragraph kind '{block.kind}' "
                                        "(expected par, con, art, rule or item)")
                continue
            block.number = (n,)
            block.display = fmt.format(n=n, r=roman(n).lower(), R=roman(n))
            num = block.display.rstrip(".-)°").removeprefix("Artículo ")
            register(block.label, block.kind, block.pos,
                     REFERENCE_FORMS[block.kind].format(num=num, display=block.display), num)
        elif isinstance(block, (Table, Figure, Annex)):
            kind = {Table: "tbl", Figure: "fig", Annex: "ann"}[type(block)]
            if isinstance(block, Table):
                _number_rows(block)
                if block.label is None and block.caption is None:
                    continue
            n = counters[kind] = counters.get(kind, 0) + 1
            block.number = (n,)
            block.display = getattr(scheme, kind).format(n=n)
            register(block.label, kind, block.pos,
                     REFERENCE_FORMS[kind].format(num=n, display=block.display), str(n))
        elif isinstance(block, OrderedList):
            block.displays = [scheme.list_item.format(n=i) for i in range(1, len(block.items) + 1)]
        elif isinstance(block, DefinitionList):
            for item in block.items:
                counters["def"] = counters.get("def", 0) + 1
                term = plain_text(item.term)
                register(item.label, "def", item.pos, term, term)
    for kind in COUNTABLE - {"sec"}:
        labels.counts[kind] = counters.get(kind, 0)

    _number_footnotes(document, problems, register)
    problems.raise_if_any()
    return labels


def plain_text(inlines: list[Inline]) -> str:
    """The text of inlines before references are resolved (their ``Text`` only)."""
    return "".join(i.text for i in iter_inlines(inlines) if isinstance(i, Text)).strip()


def _number_sections(blocks: list[Block], prefix: tuple[int, ...], scheme: Scheme, register,
                     labels: Labels, level: int, parent: str | None,
                     intro: bool = False) -> None:
    n = 0
    for block in blocks:
        if not isinstance(block, Section):
            continue
        block.level = level
        if block.numbered and scheme.sections is not None:
            n += 1
            block.number = prefix + (n,)
            if intro and scheme.intro:
                block.display = scheme.intro.format(n=n)
            else:
                block.display = format_section(block.number, scheme.sections)
            num = str(n) if intro and scheme.intro else block.display.rstrip(".")
            register(block.label, "sec", block.pos, REFERENCE_FORMS["sec"].format(num=num), num)
        else:
            register(block.label, "sec", block.pos, plain_text(block.title), plain_text(block.title))
        child_name = block.label.partition(":")[2] if block.label else None
        _number_sections(block.children, block.number or prefix, scheme, register, labels,
                         level + 1, child_name, intro=level == 1 and not block.numbered)
    labels.counts["sec" if parent is None else f"sec:{parent}"] = n


def format_section(number: tuple[int, ...], style: str) -> str:
    if style == "roman":
        return f"{roman(number[0])}." if len(number) == 1 else f"{number[-1]}."
    return ".".join(str(n) for n in number)


def _number_rows(table: Table) -> None:
    if not table.numbered_rows:
        return
    for i, row in enumerate(table.rows, start=1):
        row[0].inlines = [Text(str(i))]


def _number_footnotes(document: Document, problems: Problems, register) -> None:
    """Footnotes take numbers in the order of their first citation; a note
    cited again keeps its number."""
    next_number = 1
    pending = deque(all_inlines(document.blocks))
    seen: set[str] = set()
    while pending:
        inline = pending.popleft()
        if not isinstance(inline, FootnoteRef):
            continue
        note = document.footnotes.get(inline.label)
        if note is None:
            problems.add(inline.pos, f"unknown footnote '{inline.label}'"
                                     f"{did_you_mean(inline.label, document.footnotes)}")
            continue
        if note.number is None:
            note.number = next_number
            next_number += 1
            register(f"fn:{note.label}", "fn", note.pos, str(note.number), str(note.number))
        inline.number = note.number
        if note.label not in seen:
            seen.add(note.label)
            # notes cited inside a note are numbered right after it
            pending.extendleft(reversed(list(iter_inlines(note.inlines))))
    for note in document.footnotes.values():
        if note.number is None:
            problems.add(note.pos, f"footnote '{note.label}' is never cited")
