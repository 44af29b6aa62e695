"""Word's "Accept All Changes" and "Reject All Changes" for tests of redlines
(DOCX files with tracked changes), and the text of a DOCX as a reader sees it.

    accept_all(data) -> bytes   the DOCX ``data`` with every tracked change accepted
    reject_all(data) -> bytes   ... with every tracked change rejected
    docx_text(data) -> str      its text, as ``marco text`` gives it, but with
                                footnotes numbered as Word numbers them

Import them as ``from tracked import accept_all, reject_all, docx_text``
(``tests/`` is on ``sys.path``: pytest puts the folder of the root
``conftest.py`` there).

Accepting or rejecting works on ``word/document.xml`` and
``word/footnotes.xml`` as Word does (ECMA-376 §17.13.5): accepting drops
every ``w:del`` with its content, unwraps every ``w:ins``, drops the rows
whose ``w:trPr`` holds a ``w:del`` (and a table left without rows) and
joins a paragraph whose mark is deleted to the next one; rejecting does the
converse (``w:delText`` becomes ``w:t`` again). Two paragraphs join as in
Word: the content of the first goes to the start of the second, which keeps
its own properties; a paragraph with no paragraph after it (the last of a
cell, of a note, before a table) keeps its mark.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from generator.review.extract import extract_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"
FOOTNOTES = "word/footnotes.xml"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def accept_all(data: bytes) -> bytes:
    """The DOCX ``data`` with every tracked insertion and deletion accepted."""
    return _with_parts(data, {part: _resolved(xml, keep="ins", drop="del")
                              for part, xml in _read(data, DOCUMENT, FOOTNOTES).items()})


def reject_all(data: bytes) -> bytes:
    """The DOCX ``data`` with every tracked insertion and deletion rejected."""
    return _with_parts(data, {part: _resolved(xml, keep="del", drop="ins")
                              for part, xml in _read(data, DOCUMENT, FOOTNOTES).items()})


def docx_text(data: bytes) -> str:
    """The text of the DOCX ``data`` as :func:`generator.review.extract.extract_text`
    (``marco text``) gives it, one line per paragraph and row, but with each
    footnote numbered as Word numbers it, by the order of the calls in the
    body (``marco text`` shows the note's ``w:id``), and only the notes the
    body calls. A note with a custom mark (``w:customMarkFollows``) shows
    its mark, as in Word. ``data`` must have no tracked change left (accept or
    reject them first)."""
    parts = _read(data, DOCUMENT, FOOTNOTES)
    document, notes = etree.fromstring(parts[DOCUMENT]), etree.fromstring(parts[FOOTNOTES])
    for root in (document, notes):
        left = [element for tag in ("ins", "del") for element in root.iter(_w(tag))]
        assert not left, f"{len(left)} tracked changes left: accept or reject them first"
    shown: dict[str, str] = {}  # w:id → the number Word shows
    counted = 0
    for reference in document.iter(_w("footnoteReference")):
        identifier = reference.get(_w("id"))
        if identifier not in shown:
            if reference.get(_w("customMarkFollows")) in ("1", "true", "on"):
                shown[identifier] = "".join(reference.getparent().itertext())
            else:
                counted += 1
                shown[identifier] = str(counted)
        reference.set(_w("id"), shown[identifier])
    called = []
    for note in list(notes):
        if note.get(_w("type")) is None:  # not a separator
            notes.remove(note)
            if note.get(_w("id")) in shown:
                note.set(_w("id"), shown[note.get(_w("id"))])
                called.append(note)
    notes.extend(sorted(called, key=lambda note: int(note.get(_w("id")))))
    renumbered = _with_parts(data, {DOCUMENT: etree.tostring(document),
                                    FOOTNOTES: etree.tostring(notes)})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.docx"
        path.write_bytes(renumbered)
        return extract_text(path)


# ------------------------------------------------------------------ parts


def _read(data: bytes, *names: str) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in names if name in package.namelist()}


def _with_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The package ``data`` with ``parts`` (name → bytes) replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, parts.get(info.filename, source.read(info)))
    return buffer.getvalue()


# ------------------------------------------------------------------ changes


def _resolved(xml: bytes, keep: str, drop: str) -> bytes:
    """A part with the changes ``keep`` (``ins`` or ``del``) made and those
    ``drop`` undone."""
    root = etree.fromstring(xml)
    for row in list(root.iter(_w("tr"))):
        properties = row.find(_w("trPr"))
        if properties is not None and properties.find(_w(drop)) is not None:
            row.getparent().remove(row)
    for table in list(root.iter(_w("tbl"))):
        if table.find(_w("tr")) is None:
            table.getparent().remove(table)
    marks = {_w("rPr"), _w("trPr")}  # a change there marks a paragraph or row
    for change in list(root.iter(_w(drop))):
        if change.getparent().tag not in marks:
            change.getparent().remove(change)
    for change in list(root.iter(_w(keep))):
        parent = change.getparent()
        if parent.tag in marks:
            parent.remove(change)
        else:
            _unwrap(change)
    for old, new in (("delText", "t"), ("delInstrText", "instrText")):
        for element in root.iter(_w(old)):
            element.tag = _w(new)
    for paragraph in list(root.iter(_w("p"))):
        mark = paragraph.find(f"{_w('pPr')}/{_w('rPr')}/{_w(drop)}")
        if mark is not None:
            mark.getparent().remove(mark)
            _join_next(paragraph)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _unwrap(element: etree._Element) -> None:
    """Put ``element``'s children in its place."""
    parent = element.getparent()
    at = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(at + offset, child)
    parent.remove(element)


def _join_next(paragraph: etree._Element) -> None:
    """A paragraph whose mark is gone: its content starts the next paragraph."""
    following = paragraph.getnext()
    if following is None or following.tag != _w("p"):
        return  # Word keeps the last mark of a story, a cell or before a table
    at = 0 if following.find(_w("pPr")) is None else 1
    content = [child for child in paragraph if child.tag != _w("pPr")]
    for offset, child in enumerate(content):
        following.insert(at + offset, child)
    paragraph.getparent().remove(paragraph)
