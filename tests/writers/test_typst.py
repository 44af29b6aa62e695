"""The Typst PDF writer (``generator/writers/typst.py``, ``templates/typst/``):
hostile strings read back verbatim from the PDF and its title, the same bytes
for the same document in any process, every bundled document's text in the
text writer's order with WeasyPrint's page count, PDF/A-2b, and a character
the fonts cannot draw refused as the content's error."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from generator.build.sources import Selection, batch_of
from generator.errors import Pos, UserError
from generator.kinds import KINDS
from generator.writers.design import read_design, shell_of
from generator.model.document import (
    Cell, Document, Field, FieldBlock, Figure, Footnote, FootnoteRef, ListItem, Meta,
    NumberedParagraph, OrderedList, PageBreak, Paragraph, Ref, Section, SignatureBlock, Signer,
    Table, Text,
)
from generator.model.walk import iter_blocks
from generator.review.extract import PAGE_NUMBER
from generator.writers import typst as typst_writer
from generator.writers.pdf import PdfRenderer
from generator.writers.text import inline_text, normalise, render_text
from generator.writers.typst import TypstRenderer
from test_docx_redline import redline
from test_html_pdf import NOTE_A, NOTE_B, NOTE_C, footnote_refs, sample

CONTENT = Path(__file__).resolve().parents[2] / "content"
HOSTILE = '#read("/etc/passwd") #panic("x") *b* _i_ $x$ @ref <lbl> \\ [a] // c'
PDFAID = "http://www.aiim.org/pdfa/ns/id/"


@pytest.fixture(scope="module")
def typst_pdf() -> TypstRenderer:
    return TypstRenderer()


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def squashed(text: str) -> str:
    """Text without white space: what survives any line wrapping."""
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------ hostile data


def hostile() -> Document:
    """The hostile string wherever a document shows a string: body text, a
    heading and its label (referred to), a numbered paragraph's number, a
    table cell, a list mark, a field's key and value, a signer, a footnote,
    the running header (on the second page: the first has the letterhead)
    and the title."""
    blocks = [
        Paragraph([Text(HOSTILE), FootnoteRef("n", number=1, places_note=True)]),
        Section([Text(HOSTILE)], label=HOSTILE, level=1, number=(1,), display="1", children=[
            Paragraph([Text("Ver "), Ref(HOSTILE, text=HOSTILE), Text(".")]),
            NumberedParagraph("par", [Text("Texto.")], number=(1,), display=HOSTILE),
        ]),
        Table(head=[[Cell([Text("Columna")]), Cell([Text("Otra")])]],
              rows=[[Cell([Text(HOSTILE)]), Cell([Text("x")])]], widths=[1, 3]),
        OrderedList([ListItem([Paragraph([Text("Uno.")])])], displays=[HOSTILE]),
        FieldBlock([Field(HOSTILE, [Text(HOSTILE)])]),
        SignatureBlock([Signer(HOSTILE, HOSTILE)]),
        PageBreak(),
        Paragraph([Text("Fin.")]),
    ]
    meta = Meta(id="hostil", kind="guide", title=HOSTILE, date=dt.date(2012, 1, 2),
                header=HOSTILE)
    return Document(meta, blocks, {"n": Footnote("n", [Text(HOSTILE)], number=1)})


#: How many times the body of :func:`hostile` shows the string, its footnote included.
SHOWN = 11


def test_hostile_strings_are_text(typst_pdf: TypstRenderer) -> None:
    document = hostile()
    pdf = typst_pdf.render(document)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None and reader.metadata.title == HOSTILE
    expected = len(reader.pages) - 1 + SHOWN  # and the header on each page but the first
    texts = {"pypdf": "\n".join(pages_of(pdf))}
    if shutil.which("pdftotext"):
        texts["pdftotext"] = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf,
                                            capture_output=True, check=True).stdout.decode()
    for tool, text in texts.items():
        assert squashed(text).count(squashed(HOSTILE)) == expected, tool
        assert "root:" not in text, tool  # nothing was read
    # each in its place: the letterhead, then the body text, on lines of their
    # own; the header first on the second page
    first, second = ([normalise(line) for line in page.splitlines()] for page in pages_of(pdf))
    assert first[:3] == ["MINISTERIO DE HACIENDA", "DIRECCIÓN DE PRESUPUESTOS", HOSTILE + "1"]
    assert second[0] == HOSTILE
    assert f"1 {HOSTILE}" in first  # the footnote


def test_hostile_labels_link_as_any_label(typst_pdf: TypstRenderer) -> None:
    """A reference links to its target, whatever the label's characters."""
    reader = pypdf.PdfReader(io.BytesIO(typst_pdf.render(hostile())))
    links = [annotation.get_object() for page in reader.pages
             for annotation in page.get("/Annots", [])]
    assert any(link.get("/Subtype") == "/Link" for link in links)


# ------------------------------------------------------------ determinism


def test_same_document_same_bytes(typst_pdf: TypstRenderer, tmp_path: Path) -> None:
    """The same bytes after other documents, from a fresh renderer, and from
    another process in another folder on another day."""
    first = typst_pdf.render(sample())
    typst_pdf.render(sample("legal"))
    typst_pdf.render(hostile())
    assert typst_pdf.render(sample()) == first
    assert TypstRenderer().render(sample()) == first
    (tmp_path / "document.pickle").write_bytes(pickle.dumps(sample()))
    script = ("import pickle, sys; from generator.writers.typst import TypstRenderer; "
              "document = pickle.loads(open('document.pickle', 'rb').read()); "
              "sys.stdout.buffer.write(TypstRenderer().render(document))")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "TZ": "Pacific/Kiritimati"}
    other = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                           capture_output=True, check=True).stdout
    assert other == first
    metadata = pypdf.PdfReader(io.BytesIO(first)).metadata
    assert metadata is not None
    # dated by the document (2012-01-02), in Spanish, with its title
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20120102000000Z"
    assert metadata.title == "Guía de prueba"
    assert pypdf.PdfReader(io.BytesIO(first)).trailer["/Root"]["/Lang"] == "es-CL"


def test_page_sizes_and_furniture(typst_pdf: TypstRenderer) -> None:
    mm = 72 / 25.4
    for size, expected in [("letter", (215.9 * mm, 279.4 * mm)), ("legal", (216 * mm, 330 * mm))]:
        pdf = typst_pdf.render(sample(size))
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        box = reader.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(expected, abs=0.1)
        pages = pages_of(pdf)
        assert len(pages) > 1
        for number, page in enumerate(pages, 1):
            lines = [normalise(line) for line in page.splitlines()]
            # the shell's first page has the letterhead, the others the running header
            assert lines[:2] == (["MINISTERIO DE HACIENDA", "DIRECCIÓN DE PRESUPUESTOS"]
                                 if number == 1 else ["DIPRES · Guía de prueba", lines[1]])
            assert lines[-1] == f"Página {number} de {len(pages)}"


# -------------------------------------------------------------- footnotes


def test_footnotes_at_the_foot_of_their_page(typst_pdf: TypstRenderer) -> None:
    """Each note once, with the engine's number, on the page of the call that
    places it (note 1 is called twice); a note after a page break goes there."""
    document = sample()
    scope = document.blocks[3].children[1]
    scope.children.insert(0, PageBreak())  # note 1's second call, on page 2
    document.blocks.insert(4, PageBreak())
    document.blocks.insert(5, Paragraph([Text("Otra página"),
                                         FootnoteRef("d", number=4, places_note=True)]))
    document.footnotes["d"] = Footnote("d", [Text("Nota en la página siguiente.")], number=4)
    pages = [" ".join(page.split()) for page in pages_of(typst_pdf.render(document))]
    text = " ".join(pages)
    for note in (NOTE_A, NOTE_B, NOTE_C, "Nota en la página siguiente."):
        assert text.count(note) == 1, note
    assert f"1 {NOTE_A}" in pages[0] and f"2 {NOTE_B}" in pages[0]
    assert "numerado1." in pages[1] and NOTE_A not in pages[1]  # a call again: the number only
    (later,) = [page for page in pages if "Otra página4" in page]
    assert "4 Nota en la página siguiente." in later


def test_engine_numbers_and_followers(typst_pdf: TypstRenderer) -> None:
    """The engine's numbers, however they run; a note called in a note follows it."""
    document = sample()
    for label, number in [("a", 7), ("b", 8), ("c", 10)]:
        document.footnotes[label].number = number
    document.footnotes["b"].inlines = [Text("Ver también"), FootnoteRef("d", number=9)]
    document.footnotes["b"].followers = ["d"]
    document.footnotes["d"] = Footnote("d", [Text("Nota anidada.")], number=9)
    for ref in footnote_refs(document):
        ref.number = document.footnotes[ref.label].number
    text = " ".join(" ".join(pages_of(typst_pdf.render(document))).split())
    assert f"7 {NOTE_A}" in text and f"10 {NOTE_C}" in text and f"1 {NOTE_A}" not in text
    assert "8 Ver también9 9 Nota anidada." in text


def test_a_redline_shows_both_versions(typst_pdf: TypstRenderer) -> None:
    """Inserted and deleted text and blocks, rows, items and notes, and the
    numbers an element had before the ones it has."""
    text = " ".join(" ".join(pages_of(typst_pdf.render(redline()))).split())
    for expected in ["la ley vigenteactual", "Este párrafo se elimina", "Un párrafo nuevo",
                     "12 Antecedentes", "1)2) Primero", "1.2. uno", "Cuadro 1Cuadro 2",
                     "Anexo 1Anexo 2 Formulario", "Auditoría 4 Compras 3",
                     "Nota que se elimina.", "Nota dos, corregida."]:
        assert expected in text, expected


# ------------------------------------------------ the bundled documents


#: The bundled documents compared: the circular, the Programa Marco, the
#: guide and three decrees (the first, middle and last of the latest year);
#: and whether a table row of theirs is taller than a page, so that it
#: splits and its cells' text goes on, cell by cell, on the next page.
BUNDLED = [("circular", 0, False), ("programa-marco", 0, False), ("guide", 0, True),
           ("decree", 0, False), ("decree", 1, False), ("decree", 2, False)]


@pytest.fixture(scope="module")
def bundled() -> list[Document]:
    documents = []
    for kind in ("circular", "programa-marco", "guide", "decree"):
        made = batch_of(KINDS[kind], CONTENT, Selection()).open(None, Selection())
        indices = [0] if kind != "decree" else [0, len(made.ids) // 2, len(made.ids) - 1]
        documents += [made.make(index) for index in indices]
    assert [document.meta.kind for document in documents] == [kind for kind, _, _ in BUNDLED]
    return documents


@pytest.fixture(scope="module")
def pdfs(bundled: list[Document], typst_pdf: TypstRenderer) -> list[bytes]:
    return [typst_pdf.render(document) for document in bundled]


#: A URL's piece that a line may end with (Typst breaks URLs after a dot,
#: WeasyPrint does not), and the start of the piece that goes on.
URL_PART = re.compile(r"\S*(?://|www\.)\S*[./]")
URL_NEXT = re.compile(r"[a-z]")


def words(text: str) -> list[str]:
    """The words of a text as both the text writer and the PDF give them:
    footnote calls ``[n]`` as the bare number after the word, no cell
    separators or term colons, bullets as ``-``; a word that ends in a
    hyphen or a slash, or a URL's piece, joined to the next, as a line may
    break after them."""
    text = re.sub(r"\[(\d+)\]", r"\1", text).replace("|", " ").replace(":", " ")
    text = re.sub("[•◦▪]", "-", text)
    out: list[str] = []
    for word in text.split():
        if out and (out[-1][-1] in "-/" or URL_PART.fullmatch(out[-1]) and URL_NEXT.match(word)):
            out[-1] += word
        else:
            out.append(word)
    return out


def pdf_words(pdf: bytes, document: Document) -> list[str]:
    """The PDF's words, page furniture left out: "Página N de M" (as
    ``marco text`` does), the running header and the first page's letterhead."""
    lines = []
    letterhead = read_design(shell_of(document.meta.kind).read_bytes()).letterhead
    for number, page in enumerate(pages_of(pdf)):
        lines += [line for line in (normalise(line) for line in page.splitlines())
                  if line and not PAGE_NUMBER.match(line) and line != document.meta.header
                  and not (number == 0 and line in letterhead)]
    return words("\n".join(lines))


def unglued(found: list[str], known: set[str], edges: set[str]) -> list[str]:
    """The words with the first or last word of a row's spanning cells
    (``edges``) parted from a word it was glued to: drawn after the cells of
    the last row they span, they may meet one of them on a line without a
    space."""
    parted = []
    for word in found:
        edge = next((edge for edge in edges if word not in known and word != edge
                     and (word.startswith(edge) or word.endswith(edge))), None)
        if edge is None:
            parted.append(word)
        elif word.endswith(edge):
            parted += [word[:-len(edge)], edge]
        else:
            parted += [edge, word[len(edge):]]
    return parted


def without_runs(found: list[str], runs: list[list[str]]) -> list[str]:
    """``found`` less each of ``runs``, found in their order (each after
    the start of the one before)."""
    at = 0
    for run in runs:
        at = next((i for i in range(at, len(found) - len(run) + 1)
                   if found[i:i + len(run)] == run), None)
        assert at is not None, f"not found: {' '.join(run)}"
        found = found[:at] + found[at + len(run):]
    return found


def svg_words(document: Document) -> Counter[str]:
    return Counter(word for block in iter_blocks(document.blocks) if isinstance(block, Figure)
                   for text in typst_writer._svg_texts(block.svg) for word in words(text))


def head_rows(document: Document) -> list[list[str]]:
    return [words(" ".join(inline_text(cell.inlines) for row in table.head for cell in row))
            for table in iter_blocks(document.blocks) if isinstance(table, Table) and table.head]


def without_heads(found: list[str], heads: list[list[str]]) -> list[str]:
    """``found`` less every run of words that is a table's header."""
    out, at = [], 0
    while at < len(found):
        head = next((h for h in heads if found[at:at + len(h)] == h), None)
        if head:
            at += len(head)
        else:
            out.append(found[at])
            at += 1
    return out


def without_notes(found: list[str], notes: list[list[str]]) -> list[str]:
    """``found`` less each note's words, found in order where they are: at the
    foot of a page, a long note's end at the foot of the next."""
    start = 0
    for note in notes:
        rest, at = note, start
        while rest:
            key = rest[:min(len(rest), 4)]
            at = next((i for i in range(at, len(found) - len(key) + 1)
                       if found[i:i + len(key)] == key), None)
            assert at is not None, f"note not found in order: {' '.join(note)}"
            if rest is note:
                start = at
            same = 0
            while same < len(rest) and at + same < len(found) and found[at + same] == rest[same]:
                same += 1
            found = found[:at] + found[at + same:]
            rest = rest[same:]
    return found


@pytest.mark.parametrize("index", range(len(BUNDLED)),
                         ids=[f"{kind}-{n}" for kind, n, _ in BUNDLED])
def test_bundled_text_agrees_with_the_text_writer(index: int, bundled: list[Document],
                                                  pdfs: list[bytes]) -> None:
    """The PDF says what ``render_text`` says, word for word and in its order,
    but for where the notes go (the foot of a page), the table headers
    repeated on later pages, the words of the drawings (the text writer gives
    a figure's caption only) and, in a row split over two pages, its cells'
    words that go on on the next. The words of cells spanning rows (an
    area's), which Typst draws with the last row they span (the PDF's tags
    keep the reading order), are looked for in order apart from the rest."""
    document = bundled[index]
    lines = render_text(document).splitlines()
    count = len(document.footnotes_in_order())  # the notes' lines close the text
    expected = words("\n".join(lines[:len(lines) - count]))
    notes = [words(line) for line in lines[len(lines) - count:]]
    spanning = [run for block in iter_blocks(document.blocks) if isinstance(block, Table)
                for row in block.rows if (run := words(" ".join(
                    inline_text(cell.inlines) for cell in row if cell.rowspan > 1)))]
    found = unglued(without_notes(pdf_words(pdfs[index], document), notes), set(expected),
                    {run[end] for run in spanning for end in (0, -1)})
    expected, found = without_runs(expected, spanning), without_runs(found, spanning)
    heads, drawn = head_rows(document), svg_words(document)
    extra: list[str] = []
    moved: list[str] = []
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        assert op == "insert" or BUNDLED[index][2], (op, expected[a1:a2], found[b1:b2])
        moved += expected[a1:a2]
        extra += without_heads(found[b1:b2], heads)  # a table's header again, on a later page
    extra_count = Counter(extra) - Counter(moved)
    assert not Counter(moved) - Counter(extra), "words missing"
    assert not extra_count - drawn, f"words not in the document: {list(extra_count)[:20]}"
    assert bool(drawn) == bool(extra_count)  # the drawings' words are text in the PDF


def test_bundled_page_counts_are_weasyprint_s(bundled: list[Document],
                                              pdfs: list[bytes]) -> None:
    """The same page count as WeasyPrint's PDF for every bundled document.
    (Pages may still end at other lines: Typst keeps a note on the page of
    its call where WeasyPrint may push it to the next, and repeats a table's
    header over a row too tall for a page, which WeasyPrint moves to a page
    of its own and splits there without the header.)"""
    weasyprint = PdfRenderer()

    def pages(pdf: bytes) -> int:
        return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)

    counts = {document.meta.id: (pages(pdf), pages(weasyprint.render(document)))
              for document, pdf in zip(bundled, pdfs)}
    assert all(typst == weasy for typst, weasy in counts.values()), counts


def test_bundled_tables_repeat_their_header(bundled: list[Document], pdfs: list[bytes]) -> None:
    """The guide's process table runs over several pages, its header on each."""
    guide = [kind for kind, _, _ in BUNDLED].index("guide")
    (table,) = [b for b in iter_blocks(bundled[guide].blocks) if isinstance(b, Table)]
    header = " ".join(inline_text(cell.inlines) for cell in table.head[0])
    pages = [" ".join(page.split()) for page in pages_of(pdfs[guide])]
    with_header = [number for number, page in enumerate(pages, 1) if header in page]
    assert len(with_header) >= 4
    assert with_header == list(range(with_header[0], with_header[-1] + 1))


# --------------------------------------------------- standards and fonts


def test_pdf_a_2b() -> None:
    pdf = TypstRenderer(standard="a-2b").render(sample())
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    xmp = reader.xmp_metadata
    assert xmp is not None
    ids = {name: [node.firstChild.data for node in
                  xmp.rdf_root.getElementsByTagNameNS(PDFAID, name) if node.firstChild]
           for name in ("part", "conformance")}
    assert ids == {"part": ["2"], "conformance": ["B"]}
    assert NOTE_A in " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_unknown_standard_is_refused() -> None:
    with pytest.raises(ValueError, match="got 'a-9z'"):
        TypstRenderer(standard="a-9z")


def test_missing_glyphs_are_the_content_s_error(typst_pdf: TypstRenderer) -> None:
    """A character the Liberation fonts lack (CJK, an emoji) is an error at
    the block that shows it, naming the document and the character."""
    document = sample()
    document.blocks.append(Paragraph([Text("Firma: 漢")], pos=Pos("guias/prueba/guia.md", 40)))
    document.footnotes["b"].inlines = [Text("Nota 😀")]
    with pytest.raises(UserError) as caught:
        typst_pdf.render(document)
    messages = [str(problem) for problem in caught.value.problems]
    assert len(messages) == 2
    assert any(m.startswith("guias/prueba/guia.md:40: error: document 'guia-prueba'")
               and "U+6F22 '漢'" in m for m in messages)
    assert any("document 'guia-prueba'" in m and "U+1F600 '😀'" in m for m in messages)
    typst_pdf.render(sample())  # and the renderer goes on


def test_missing_fonts_name_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(typst_writer, "FONT_DIRS", (tmp_path / "liberation2", tmp_path / "x"))
    with pytest.raises(UserError, match="install the Debian package fonts-liberation2"):
        TypstRenderer()


def test_stale_when_a_template_changes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copytree(typst_writer.TEMPLATE_DIR, tmp_path / "typst")
    monkeypatch.setattr(typst_writer, "TEMPLATE_DIR", tmp_path / "typst")
    monkeypatch.setattr(typst_writer, "TEMPLATE", tmp_path / "typst" / "document.typ")
    renderer = TypstRenderer()
    renderer.render(sample())
    assert not renderer.stale()
    with open(tmp_path / "typst" / "document.typ", "a", encoding="utf-8") as template:
        template.write("// edited\n")
    assert renderer.stale()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_process_forked_after_typst_ran_refuses_to_hang(typst_pdf: TypstRenderer) -> None:
    """Typst's threads do not survive a fork: a child forked after the parent
    compiled would wait for them forever, so it refuses instead."""
    typst_pdf.render(sample())
    assert not typst_writer.safe_to_fork()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: say what happened, in 20 s at most
        try:
            signal.alarm(20)
            typst_pdf.render(sample())
            os.write(write, b"rendered")
        except RuntimeError as error:
            os.write(write, f"refused: {error}".encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as said:
        message = said.read().decode()
    assert message.startswith("refused: this process was forked after Typst"), message
    assert "spawn" in message
