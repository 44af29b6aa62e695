"""Comparing two versions of a document on the model, block by block.

The unit is the block: a paragraph, a heading, a table row, a list item, a
footnote, a term, a field. Blocks are matched across the versions by label
where they have one and otherwise by aligning the sequences of blocks
(difflib on their signatures, then, where a stretch differs, pairing the most
similar blocks of the same type in order), never by text alone: two equal
paragraphs keep their order and cannot swap.

Inside a matched block the words are compared (difflib, ``autojunk=False``,
on word tokens); every reference and footnote call is one token keyed by its
label, and every element's own number (``display``) is kept apart, so a
number that moved because labels were renumbered never shows as a text
change. Such moves are gathered in one table per document (:class:`Shift`:
"Compras, objetivo 10 → 11", with the references that followed).

The result (:class:`DocumentDiff`) holds the changes and the **redline**: a
document of the ordinary model (see :mod:`generator.model.document`) made of
the new version's blocks with the old version's marked in, which every
writer formats (Word tracked changes, the HTML report, the terminal).
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from itertools import groupby
from typing import Callable, Literal, Sequence, TypeVar

from ..model.document import (
    Annex, Block, BulletList, Cell, ChangeKind, DefinitionList, Deleted, Document, Emph,
    Field, FieldBlock, Figure, Footnote, FootnoteRef, Inline, Inserted, LineBreak, ListItem,
    NumberedParagraph, OrderedList, PageBreak, Paragraph, Placeholder, Ref, Revised, Revision,
    Section, SignatureBlock, Strong, Table, Text,
)
from ..model.labels import Label
from ..model.tables import unmerged
from ..writers.text import block_lines, inline_text

Status = Literal["added", "removed", "changed", "unchanged"]
Action = Literal["changed", "inserted", "deleted"]

#: How similar (difflib's ratio of their tokens) two blocks of the same type
#: must be to be taken for one block changed rather than one deleted and one inserted.
SIMILAR = 0.5
#: Past this many candidate pairs, a differing stretch pairs blocks in order
#: instead of looking for the most similar pairs (which is quadratic).
MAX_PAIRINGS = 40_000

BOLD, ITALIC = 1, 2
_WORD = re.compile(r"(\w+|[^\w\s])(\s*)")


# ------------------------------------------------------------------ results


@dataclass
class Change:
    """One block that changed: ``block`` is its redline (the merged block,
    or the block inside a :class:`Revised`), ``where`` the headings above it."""

    action: Action
    what: str  # "paragraph", "heading", "row", "caption", "item", "footnote", "section", …
    where: str
    block: Block
    old: str = ""  # its text in each version
    new: str = ""


@dataclass
class Shift:
    """A number that moved: an element's own (``key`` its label, or ``@``
    and its place for an unlabelled one) or that of a label this document cites;
    ``references`` counts the references to it that followed."""

    key: str
    old: str
    new: str
    references: int = 0

    @property
    def label(self) -> str | None:
        """The label of what moved (None for an unlabelled element)."""
        return None if self.key.startswith("@") else self.key

    def text(self) -> str:
        """``Cuadro 2 → 3``, ``Compras, objetivo 10 → 11``."""
        old, new = self.old.split(), self.new.split()
        if len(old) == len(new) > 1 and old[:-1] == new[:-1]:
            return f"{self.old} → {new[-1]}"
        return f"{self.old} → {self.new}"


@dataclass
class DocumentDiff:
    id: str
    kind: str
    status: Status
    changes: list[Change] = field(default_factory=list)
    shifts: list[Shift] = field(default_factory=list)
    redline: Document | None = None
    old: Document | None = None
    new: Document | None = None

    def count(self, action: Action) -> int:
        return sum(1 for change in self.changes if change.action == action)

    def digest(self) -> str:
        """"3 blocks changed, 1 inserted, 12 numbers shifted"."""
        if self.status in ("added", "removed"):
            return self.status
        parts = []
        for action in ("changed", "inserted", "deleted"):
            n = self.count(action)  # type: ignore[arg-type]
            if n:
                noun = "block" if not parts else ""
                noun += "s" if noun and n != 1 else ""
                parts.append(" ".join(p for p in (str(n), noun, action) if p))
        if self.shifts:
            n = len(self.shifts)
            parts.append(f"{n} number{'s' if n != 1 else ''} shifted")
        return ", ".join(parts) or "no changes"


def compare_documents(old: Document | None, new: Document | None) -> DocumentDiff:
    """Compare two versions of one document (None: it is not in that version)."""
    if old is None or new is None:
        present = new or old
        assert present is not None
        return DocumentDiff(present.meta.id, present.meta.kind,
                            "added" if old is None else "removed", old=old, new=new)
    merger = _Merger(old, new)
    blocks = merger.blocks(old.blocks, new.blocks, ())
    footnotes = merger.footnotes()
    merger.properties()
    redline = Document(replace(new.meta), blocks, footnotes, new.source, new.labels,
                       dict(new.cited))
    status: Status = "changed" if merger.changes or merger.shifts else "unchanged"
    return DocumentDiff(new.meta.id, new.meta.kind, status, merger.changes,
                        list(merger.shifts.values()), redline if status == "changed" else None,
                        old, new)


# ------------------------------------------------------------------ tokens


class _Token:
    """A word, a punctuation mark, a reference, a footnote call or a line
    break: ``key`` is what is compared; ``tail`` the space after it;
    ``inline`` a reference, call or break (None for a word, ``text``)."""

    __slots__ = ("key", "props", "tail", "text", "inline")

    def __init__(self, key: str, props: int, text: str = "", inline: Inline | None = None):
        self.key, self.props, self.tail, self.text, self.inline = key, props, "", text, inline


def _tokens(inlines: Sequence[Inline], props: int = 0, out: list[_Token] | None = None) -> list[_Token]:
    out = [] if out is None else out
    for inline in inlines:
        if isinstance(inline, Text):
            _words(inline.text, props, out)
        elif isinstance(inline, Strong):
            _tokens(inline.children, props | BOLD, out)
        elif isinstance(inline, Emph):
            _tokens(inline.children, props | ITALIC, out)
        elif isinstance(inline, Ref):
            key = (f"#{inline.label}={inline.text}" if inline.form == "count"
                   else f"@{inline.document or ''}/{inline.label}/{inline.form}")
            out.append(_Token(key, props, inline=inline))
        elif isinstance(inline, FootnoteRef):
            out.append(_Token(f"^{inline.label}", props, inline=inline))
        elif isinstance(inline, LineBreak):
            out.append(_Token("\n", props, inline=inline))
        else:
            raise AssertionError(f"a compared document holds no {type(inline).__name__}")
    return out


def _words(text: str, props: int, out: list[_Token]) -> None:
    stripped = text.lstrip()
    if len(stripped) < len(text) and out:  # the space before the first word
        out[-1].tail += text[:len(text) - len(stripped)]
    for word, space in _WORD.findall(stripped):
        token = _Token(f"{props}:{word}", props, text=word)
        token.tail = space
        out.append(token)


def _keys(tokens: list[_Token]) -> list[str]:
    return [token.key for token in tokens]


#: A piece of a redline's inlines: its mark (None: in both versions), its
#: formatting, and a text or an inline (a reference, a call, a break).
_Piece = tuple["tuple[str, ChangeKind] | None", int, "str | Inline"]


def _pieces(tokens: list[_Token], mark: tuple[str, ChangeKind] | None) -> list[_Piece]:
    pieces: list[_Piece] = []
    for token in tokens:
        pieces.append((mark, token.props, token.inline if token.inline is not None
                       else token.text))
        if token.tail:
            pieces.append((mark, token.props, token.tail))
    return pieces


def _inlines(pieces: list[_Piece]) -> list[Inline]:
    """Inlines from pieces: a run of one mark is one Inserted or Deleted, a
    run of one formatting within it one Strong or Emph, neighbouring texts one Text."""
    out: list[Inline] = []
    for mark, marked in groupby(pieces, key=lambda piece: piece[0]):
        inner = [inline for props, run in groupby(marked, key=lambda piece: piece[1])
                 for inline in _formatted(props, [item for _, _, item in run])]
        if mark is None:
            out += inner
        else:
            out.append((Inserted if mark[0] == "ins" else Deleted)(inner, mark[1]))
    return out


def _formatted(props: int, items: list[str | Inline]) -> list[Inline]:
    """Items of one formatting: neighbouring texts as one Text, in Emph and Strong."""
    run: list[Inline] = []
    for item in items:
        if not isinstance(item, str):
            run.append(item)
        elif run and isinstance(run[-1], Text):
            run[-1] = Text(run[-1].text + item)
        else:
            run.append(Text(item))
    if props & ITALIC:
        run = [Emph(run)]
    if props & BOLD:
        run = [Strong(run)]
    return run


# ------------------------------------------------------------------ blocks

_B = TypeVar("_B")


def _digest(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()[:16]


def _inline_keys(inlines: Sequence[Inline] | None) -> str:
    return " ".join(_keys(_tokens(inlines or [])))


def signature(block: Block) -> str:
    """What a block is matched by in the alignment: its label, or its type and content
    without any number (so a renumbered block keeps its signature)."""
    label = getattr(block, "label", None)
    kind = type(block).__name__
    if label and not isinstance(block, Placeholder):
        return f"{kind}|{label}"
    if isinstance(block, Paragraph):
        return f"P|{block.style}|{_inline_keys(block.inlines)}"
    if isinstance(block, NumberedParagraph):
        return f"N|{block.kind}|{_inline_keys(block.inlines)}"
    if isinstance(block, (Section, Annex)):
        return f"{kind}|{_inline_keys(block.title)}|{len(block.children)}"
    if isinstance(block, Table):
        rows = "||".join(_row_signature(row) for row in [*block.head, *block.rows])
        return f"T|{_inline_keys(block.caption)}|{_digest(rows)}"
    if isinstance(block, (BulletList, OrderedList)):
        return f"{kind}|{_digest('||'.join(_item_signature(i) for i in block.items))}"
    if isinstance(block, DefinitionList):
        return "D|" + "||".join(_inline_keys(i.term) + "=" + _inline_keys(i.body)
                                for i in block.items)
    if isinstance(block, FieldBlock):
        return "F|" + "||".join(f"{f.key}={_inline_keys(f.value)}" for f in block.fields)
    if isinstance(block, SignatureBlock):
        return "S|" + "||".join(f"{s.name}={s.office}" for s in block.signers)
    if isinstance(block, Figure):
        return f"G|{_digest(block.svg)}|{_inline_keys(block.caption)}"
    if isinstance(block, PageBreak):
        return "B"
    raise AssertionError(f"a compared document holds no {kind}")


def _row_signature(row: list[Cell]) -> str:
    return "|".join(f"{cell.colspan}:{_inline_keys(cell.inlines)}" for cell in row)


def _item_signature(item: ListItem) -> str:
    return "|".join(signature(block) for block in item.blocks)


def _similarity(a: str, b: str) -> float:
    left, right = a.split(" "), b.split(" ")
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def _content(block: Block) -> str:
    """A block's words (without numbers), to measure how alike two blocks are."""
    if isinstance(block, (Section, Annex)):
        return " ".join([_inline_keys(block.title)] + [_content(b) for b in block.children[:3]])
    if isinstance(block, Table):
        rows = [*block.head, *block.rows]
        return " ".join([_inline_keys(block.caption)] + [_row_signature(r) for r in rows])
    return signature(block).partition("|")[2]


def _pairable(old: Block, new: Block) -> bool:
    if type(old) is not type(new):
        return False
    labels = getattr(old, "label", None), getattr(new, "label", None)
    if all(labels) and labels[0] != labels[1]:
        return False
    if isinstance(old, Paragraph) and isinstance(new, Paragraph):
        return old.style == new.style
    if isinstance(old, NumberedParagraph) and isinstance(new, NumberedParagraph):
        return old.kind == new.kind
    if isinstance(old, Table) and isinstance(new, Table):
        return _columns(old) == _columns(new)
    return not isinstance(old, (SignatureBlock, Figure, PageBreak))


def _columns(table: Table) -> int:
    rows = [*table.head, *table.rows]
    return max((sum(cell.colspan for cell in row) for row in rows), default=0)


Step = tuple[Literal["equal", "insert", "delete"], "_B | None", "_B | None"]


def align(old: Sequence[_B], new: Sequence[_B], key: Callable[[_B], str],
          content: Callable[[_B], str], pairable: Callable[[_B, _B], bool]) -> list[Step]:
    """The two sequences as one: pairs (``equal``: matched, maybe changed),
    and what only one has, in order. Matched first by ``key`` (difflib), then,
    in each stretch that differs, the most similar pairable elements."""
    keys_old, keys_new = [key(x) for x in old], [key(x) for x in new]
    steps: list[Step] = []
    matcher = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            steps += [("equal", old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            steps += _pair(old[i1:i2], new[j1:j2], content, pairable)
    return steps


def _pair(old: Sequence[_B], new: Sequence[_B], content: Callable[[_B], str],
          pairable: Callable[[_B, _B], bool]) -> list[Step]:
    """Pair the most similar elements of a differing stretch, in order (as
    difflib's ndiff pairs lines); the rest is deleted, then inserted."""
    if not old or not new:
        return [("delete", x, None) for x in old] + [("insert", None, y) for y in new]
    if len(old) * len(new) > MAX_PAIRINGS:
        steps: list[Step] = []
        for x, y in zip(old, new):
            if pairable(x, y) and _similarity(content(x), content(y)) >= SIMILAR:
                steps.append(("equal", x, y))
            else:
                steps += [("delete", x, None), ("insert", None, y)]
        longer = old[len(new):] if len(old) > len(new) else new[len(old):]
        kind = "delete" if len(old) > len(new) else "insert"
        return steps + [(kind, x, None) if kind == "delete" else (kind, None, x) for x in longer]
    texts_old, texts_new = [content(x) for x in old], [content(y) for y in new]
    best, best_at = SIMILAR - 1e-9, None
    for i, x in enumerate(old):
        for j, y in enumerate(new):
            if pairable(x, y):
                ratio = _similarity(texts_old[i], texts_new[j])
                if ratio > best:
                    best, best_at = ratio, (i, j)
    if best_at is None:
        return [("delete", x, None) for x in old] + [("insert", None, y) for y in new]
    i, j = best_at
    return (_pair(old[:i], new[:j], content, pairable) + [("equal", old[i], new[j])]
            + _pair(old[i + 1:], new[j + 1:], content, pairable))


class _Merger:
    """Merges the old version into the new one, collecting changes and shifts."""

    def __init__(self, old: Document, new: Document) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []
        self.shifts: dict[str, Shift] = {}

    # ------------------------------------------------------------ records

    def change(self, action: Action, what: str, where: tuple[str, ...], block: Block,
               old: str = "", new: str = "") -> None:
        self.changes.append(Change(action, what, " › ".join(where), block, old, new))

    def shift(self, key: str, old: str | None, new: str | None) -> None:
        if old != new and old and new:
            self.shifts.setdefault(key, Shift(key, old, new))

    def followed(self, key: str, old: str, new: str) -> None:
        """A reference to ``key`` that reads another number."""
        entry = self.shifts.setdefault(key, Shift(key, old, new))
        entry.references += 1

    def revised(self, action: Revision, what: str, where: tuple[str, ...],
                block: Block) -> Revised:
        revised = Revised(action, [block])
        text = " / ".join(block_lines(block))
        self.change("inserted" if action == "inserted" else "deleted", what, where, revised,
                    text if action == "deleted" else "", text if action == "inserted" else "")
        return revised

    # ------------------------------------------------------------ inlines

    def inlines(self, old: Sequence[Inline], new: Sequence[Inline]) -> tuple[list[Inline], bool]:
        """The redline of two inline sequences, and whether their text differs
        (renumbering aside)."""
        if old == new:
            return list(new), False
        a, b = _tokens(old), _tokens(new)
        pieces: list[_Piece] = []
        edited = False
        matcher = SequenceMatcher(None, _keys(a), _keys(b), autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for x, y in zip(a[i1:i2], b[j1:j2]):
                    same, changed = self.same(x, y)
                    pieces += same
                    edited |= changed
            else:
                edited = True
                pieces += _pieces(a[i1:i2], ("del", "edit")) + _pieces(b[j1:j2], ("ins", "edit"))
        return _inlines(pieces), edited

    def same(self, old: _Token, new: _Token) -> tuple[list[_Piece], bool]:
        """A token both versions have (a reference or call may read another
        number), and whether it reads differently for another reason."""
        pieces: list[_Piece]
        edited = False
        if isinstance(new.inline, Ref) and isinstance(old.inline, Ref) \
                and old.inline.text != new.inline.text:
            kind = self.reference_shift(old.inline, new.inline)
            edited = kind == "edit"
            pieces = [(("del", kind), old.props, old.inline), (("ins", kind), new.props, new.inline)]
        elif isinstance(new.inline, FootnoteRef) and isinstance(old.inline, FootnoteRef) \
                and old.inline.number != new.inline.number:
            self.followed(f"fn:{new.inline.label}", f"nota {old.inline.number}",
                          f"nota {new.inline.number}")
            pieces = [(None, new.props, replace(new.inline, previous=old.inline.number))]
        else:
            pieces = [(None, new.props, new.inline if new.inline is not None else new.text)]
        if old.tail == new.tail or (old.tail.strip() == new.tail.strip() and old.tail and new.tail):
            if new.tail:
                pieces.append((None, new.props, new.tail))
        else:
            if old.tail:
                pieces.append((("del", "edit"), old.props, old.tail))
            if new.tail:
                pieces.append((("ins", "edit"), new.props, new.tail))
        return pieces, edited

    def reference_shift(self, old: Ref, new: Ref) -> ChangeKind:
        """Record a reference that reads another number; ``edit`` when its
        target kept its number and only its title changed."""
        before, after = self.target(self.old, old), self.target(self.new, new)
        key = f"{new.document}/{new.label}" if new.document else new.label
        if before is not None and after is not None:
            if before.number == after.number:
                return "edit"
            self.followed(key, before.display, after.display)
        else:
            self.followed(key, old.text or "", new.text or "")
        return "renumbering"

    @staticmethod
    def target(document: Document, ref: Ref) -> Label | None:
        if ref.document:
            return document.cited.get(f"{ref.document}/{ref.label}")
        return document.labels.labels.get(ref.label) if document.labels else None

    def texts(self, what: str, where: tuple[str, ...], merged: Block, old: Block,
              new: Block, edited: bool) -> None:
        if edited:
            self.change("changed", what, where, merged, " / ".join(block_lines(old)),
                        " / ".join(block_lines(new)))

    def display(self, key: str, old: str | None, new: str | None) -> str | None:
        """``previous`` for a renumbered element."""
        if old and new and old != new:
            self.shift(key, old, new)
            return old
        return None

    # ------------------------------------------------------------ blocks

    def blocks(self, old: list[Block], new: list[Block], where: tuple[str, ...]) -> list[Block]:
        out: list[Block] = []
        for step, a, b in align(old, new, signature, _content, _pairable):
            if step == "delete":
                assert a is not None
                out.append(self.revised("deleted", _what(a), where, a))
            elif step == "insert":
                assert b is not None
                out.append(self.revised("inserted", _what(b), where, b))
            else:
                assert a is not None and b is not None
                out += self.block(a, b, where)
        return out

    def block(self, old: Block, new: Block, where: tuple[str, ...]) -> list[Block]:
        """The redline of two matched blocks (of the same type)."""
        if old == new:
            return [new]
        if isinstance(new, Paragraph) and isinstance(old, Paragraph):
            inlines, edited = self.inlines(old.inlines, new.inlines)
            merged: Block = replace(new, inlines=inlines)
            self.texts("paragraph", where, merged, old, new, edited)
            return [merged]
        if isinstance(new, NumberedParagraph) and isinstance(old, NumberedParagraph):
            inlines, edited = self.inlines(old.inlines, new.inlines)
            key = new.label or f"@{new.kind} {old.display}"
            merged = replace(new, inlines=inlines, previous=self.display(key, old.display,
                                                                           new.display))
            self.texts("paragraph", where, merged, old, new, edited)
            return [merged]
        if isinstance(new, (Section, Annex)) and isinstance(old, (Section, Annex)):
            title, edited = self.inlines(old.title, new.title)
            key = new.label or f"@{type(new).__name__.lower()} {old.display}"
            heading = replace(new, title=title, children=[],
                              previous=self.display(key, old.display, new.display))
            self.texts("heading", where, replace(heading), replace(old, children=[]),
                       replace(new, children=[]), edited)
            inner = (*where, _heading(new))
            heading.children = self.blocks(old.children, new.children, inner)
            return [heading]
        if isinstance(new, Table) and isinstance(old, Table):
            return [self.table(old, new, where)]
        if isinstance(new, (BulletList, OrderedList)) and isinstance(old, (BulletList, OrderedList)):
            return [self.list(old, new, where)]
        if isinstance(new, DefinitionList) and isinstance(old, DefinitionList):
            return self.items(old.items, new.items, where, "term",
                              key=lambda d: d.label or _inline_keys(d.term),
                              merge=self.definition, wrap=lambda items: DefinitionList(items))
        if isinstance(new, FieldBlock) and isinstance(old, FieldBlock):
            return self.items(old.fields, new.fields, where, "field", key=lambda f: f.key,
                              merge=self.field, wrap=lambda fields: FieldBlock(fields))
        if isinstance(new, Figure) and isinstance(old, Figure):
            caption, edited = self.inlines(old.caption or [], new.caption or [])
            key = new.label or f"@fig {old.display}"
            merged = replace(new, caption=caption or None,
                             previous=self.display(key, old.display, new.display))
            self.texts("caption", where, merged, old, new, edited)
            return [merged]
        return [new]  # a page break, signatures: equal when matched

    def table(self, old: Table, new: Table, where: tuple[str, ...]) -> Table:
        """The two tables' rows aligned, with spans undone: a row inserted
        or deleted beside an area's cell would otherwise change its span."""
        old, new = (replace(t, head=unmerged(t.head), rows=unmerged(t.rows)) for t in (old, new))
        key = new.label or f"@tbl {old.display}"
        caption, edited_caption = self.inlines(old.caption or [], new.caption or [])
        subtitle, edited_subtitle = self.inlines(old.subtitle or [], new.subtitle or [])
        merged = replace(new, caption=caption or None, subtitle=subtitle or None, head=[], rows=[],
                         previous=self.display(key, old.display, new.display), revised_rows={})
        if edited_caption or edited_subtitle:
            shown = replace(merged, head=[], rows=[])
            self.change("changed", "caption", where, shown, _caption_text(old), _caption_text(new))
        inner = (*where, _table_name(new))
        for part in ("head", "rows"):
            rows: list[list[Cell]] = []
            for step, a, b in align(getattr(old, part), getattr(new, part), _row_signature,
                                    _row_signature, _same_shape):
                index = len(merged.head) + len(rows) if part == "rows" else len(rows)
                if step == "equal":
                    assert a is not None and b is not None
                    row, edited = self.row(a, b)
                    rows.append(row)
                    if edited:
                        self.change("changed", "row", inner, _one_row(new, row, None),
                                    _row_text(a), _row_text(b))
                else:
                    row = a if step == "delete" else b
                    assert row is not None
                    action: Revision = "deleted" if step == "delete" else "inserted"
                    rows.append(row)
                    merged.revised_rows[index] = action
                    self.change(action, "row", inner, _one_row(new, row, action),
                                _row_text(row) if action == "deleted" else "",
                                _row_text(row) if action == "inserted" else "")
            setattr(merged, part, rows)
        return merged

    def row(self, old: list[Cell], new: list[Cell]) -> tuple[list[Cell], bool]:
        cells, edited = [], False
        for a, b in zip(old, new):
            inlines, changed = self.inlines(a.inlines, b.inlines)
            cells.append(replace(b, inlines=inlines))
            edited |= changed
        return cells, edited

    def list(self, old: BulletList | OrderedList, new: BulletList | OrderedList,
             where: tuple[str, ...]) -> BulletList | OrderedList:
        numbered = isinstance(new, OrderedList)  # matched lists are of one type
        old_marks = old.displays if isinstance(old, OrderedList) else []
        new_marks = new.displays if isinstance(new, OrderedList) else []
        items, displays, previous = [], [], []
        positions_old = {id(item): i for i, item in enumerate(old.items)}
        positions_new = {id(item): i for i, item in enumerate(new.items)}
        for step, a, b in align(old.items, new.items, _item_signature,
                                lambda i: " ".join(_content(b) for b in i.blocks),
                                lambda x, y: True):
            if step == "equal":
                assert a is not None and b is not None
                items.append(ListItem(self.blocks(a.blocks, b.blocks, where)))
                if numbered:
                    mark_old = old_marks[positions_old[id(a)]]
                    mark_new = new_marks[positions_new[id(b)]]
                    displays.append(mark_new)
                    previous.append(self.display(f"@item {' › '.join(where)} {mark_old}", mark_old, mark_new))
            else:
                item = a if step == "delete" else b
                assert item is not None
                action: Revision = "deleted" if step == "delete" else "inserted"
                revised = ListItem(item.blocks, revised=action)
                items.append(revised)
                text = " / ".join(line for block in item.blocks for line in block_lines(block))
                mark = ""
                if numbered:
                    marks = old_marks if step == "delete" else new_marks
                    positions = positions_old if step == "delete" else positions_new
                    mark = marks[positions[id(item)]]
                    displays.append(mark)
                    previous.append(None)
                self.change(action, "item", where, _one_item(new, revised, mark),
                            text if action == "deleted" else "",
                            text if action == "inserted" else "")
        if isinstance(new, OrderedList):
            return replace(new, items=items, displays=displays, previous=previous)
        return replace(new, items=items)

    def items(self, old: list[_B], new: list[_B], where: tuple[str, ...], what: str,
              key: Callable[[_B], str], merge: Callable[[_B, _B, tuple[str, ...]], _B],
              wrap: Callable[[list[_B]], Block]) -> list[Block]:
        """Terms or fields: matched ones stay in one list; one inserted or
        deleted is a list of its own, revised."""
        out: list[Block] = []
        run: list[_B] = []
        for step, a, b in align(old, new, key, key, lambda x, y: True):
            if step == "equal":
                assert a is not None and b is not None
                run.append(merge(a, b, where))
                continue
            if run:
                out.append(wrap(run))
                run = []
            item = a if step == "delete" else b
            assert item is not None
            out.append(self.revised("deleted" if step == "delete" else "inserted", what, where,
                                    wrap([item])))
        if run:
            out.append(wrap(run))
        return out

    def definition(self, old, new, where: tuple[str, ...]):
        term, edited_term = self.inlines(old.term, new.term)
        body, edited_body = self.inlines(old.body, new.body)
        merged = replace(new, term=term, body=body)
        if edited_term or edited_body:
            self.change("changed", "term", where, DefinitionList([merged]),
                        inline_text(old.term) + ": " + inline_text(old.body),
                        inline_text(new.term) + ": " + inline_text(new.body))
        return merged

    def field(self, old: Field, new: Field, where: tuple[str, ...]) -> Field:
        value, edited = self.inlines(old.value, new.value)
        merged = replace(new, value=value)
        if edited:
            self.change("changed", "field", where, FieldBlock([merged]),
                        f"{old.key} {inline_text(old.value)}", f"{new.key} {inline_text(new.value)}")
        return merged

    # ---------------------------------------------------------- footnotes

    def footnotes(self) -> dict[str, Footnote]:
        """The new version's notes, with their texts merged, and the notes
        only the old one has, deleted."""
        merged: dict[str, Footnote] = {}
        for label, new in self.new.footnotes.items():
            old = self.old.footnotes.get(label)
            if old is None:
                merged[label] = replace(new, revised="inserted")
                if new.number is not None:
                    self.change("inserted", "footnote", (), _note_block(merged[label]), "",
                                inline_text(new.inlines))
                continue
            inlines, edited = self.inlines(old.inlines, new.inlines)
            merged[label] = replace(new, inlines=inlines)
            if edited:
                self.change("changed", "footnote", (), _note_block(merged[label]),
                            inline_text(old.inlines), inline_text(new.inlines))
            if old.number != new.number and old.number and new.number:
                self.shift(f"fn:{label}", f"nota {old.number}", f"nota {new.number}")
        for label, old in self.old.footnotes.items():
            if label not in self.new.footnotes:
                merged[label] = replace(old, revised="deleted")
                if old.number is not None:
                    self.change("deleted", "footnote", (), _note_block(merged[label]),
                                inline_text(old.inlines), "")
        return merged

    def properties(self) -> None:
        """The document's properties (title, date, running header, page size)."""
        old, new = self.old.meta, self.new.meta
        fields = ("title", "date", "place", "page_size", "header", "properties")
        before = [f"{name}: {getattr(old, name)}" for name in fields
                  if getattr(old, name) != getattr(new, name)]
        after = [f"{name}: {getattr(new, name)}" for name in fields
                 if getattr(old, name) != getattr(new, name)]
        if before:
            self.change("changed", "properties", (), Paragraph([Text("; ".join(after))]),
                        "; ".join(before), "; ".join(after))


# ------------------------------------------------------------------ helpers


def _what(block: Block) -> str:
    return {Paragraph: "paragraph", NumberedParagraph: "paragraph", Section: "section",
            Annex: "annex", Table: "table", BulletList: "list", OrderedList: "list",
            DefinitionList: "term", FieldBlock: "field", SignatureBlock: "signatures",
            Figure: "figure", PageBreak: "page break"}.get(type(block), "block")


def _heading(section: Section | Annex) -> str:
    text = " ".join(p for p in (section.display, inline_text(section.title)) if p)
    return text if len(text) <= 60 else text[:57].rstrip() + "…"


def _table_name(table: Table) -> str:
    if table.display:
        return table.display
    caption = inline_text(table.caption or [])
    return caption[:60] if caption else "table"


def _caption_text(table: Table) -> str:
    return " / ".join(p for p in (table.display, inline_text(table.caption or []),
                                   inline_text(table.subtitle or [])) if p)


def _row_text(row: list[Cell]) -> str:
    return " | ".join(inline_text(cell.inlines) for cell in row)


def _same_shape(old: list[Cell], new: list[Cell]) -> bool:
    return [c.colspan for c in old] == [c.colspan for c in new]


def _one_row(table: Table, row: list[Cell], action: Revision | None) -> Table:
    """A table of one row (under the table's head), to show a row's change."""
    shown = Table(head=copy.deepcopy(table.head), rows=[row], widths=table.widths,
                  style=table.style)
    if action is not None:
        shown.revised_rows[len(shown.head)] = action
    return shown


def _one_item(container: BulletList | OrderedList, item: ListItem, mark: str) -> Block:
    if isinstance(container, OrderedList):
        return OrderedList([item], displays=[mark], previous=[None])
    return BulletList([item])


def _note_block(note: Footnote) -> Block:
    paragraph = Paragraph([Text(f"[{note.number}] "), *note.inlines])
    return Revised(note.revised, [paragraph]) if note.revised else paragraph
