"""One page design: a bundled document's DOCX and its PDF (by each engine)
agree on the page size, the margins, the letterhead, the running header, the
footer and the alignment of every styled paragraph, all of which come from
the kind's Word shell (:mod:`generator.writers.design`); and, converted by
LibreOffice, the DOCX has the PDF's page count give or take one."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from lxml import etree

from generator.build.build import build_kind
from generator.build.sources import Selection
from generator.kinds import KINDS
from generator.model.document import NumberedParagraph, Paragraph
from generator.model.walk import iter_blocks
from generator.writers import Options
from generator.writers.design import TWIPS_PER_CM, W, Design, read_design
from generator.writers.text import inline_text

CONTENT = Path(__file__).resolve().parents[1] / "content"

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")

#: The bundled documents checked: each Markdown kind's, and a sample of decrees
#: (of three ministries: one a page and a half, one with a longer table).
DECREES = ("fne", "chilecompra", "sma")
KINDS_BUILT = ("circular", "programa-marco", "guide", *(f"decree-{d}" for d in DECREES))
PT_PER_CM = 72 / 2.54
#: How far a measured edge may be from the design's (cm): a glyph's side
#: bearing, a justified line's last word.
CLOSE = 0.12
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"([^<]*)</word>")
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@dataclass
class Line:
    text: str
    left: float  # cm from the page's left edge
    right: float
    top: float  # cm from the page's top edge


@dataclass
class Page:
    width: float  # cm
    height: float
    lines: list[Line]


def pdf_pages(path: Path) -> list[Page]:
    """Each page's lines of words (words on one baseline), measured in cm."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout
    pages = []
    for width, height, body in PAGE.findall(html):
        lines: list[Line] = []
        for x0, y0, x1, y1, text in WORD.findall(body):
            x0, x1, y1 = (float(v) / PT_PER_CM for v in (x0, x1, y1))
            same = next((line for line in lines if abs(line.top - y1) < 0.05), None)
            if same is None:
                lines.append(Line(unescape(text), x0, x1, y1))
            else:
                same.text += " " + unescape(text)
                same.left, same.right = min(same.left, x0), max(same.right, x1)
        pages.append(Page(float(width) / PT_PER_CM, float(height) / PT_PER_CM, lines))
    return pages


@pytest.fixture(scope="module")
def built(pdf_engine: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    """name → (document, DOCX, PDF) of each bundled document of KINDS_BUILT."""
    out = tmp_path_factory.mktemp(f"design-{pdf_engine}")
    made = {}
    for name in KINDS_BUILT:
        kind, _, institution = name.partition("-") if name.startswith("decree") else (name, "", "")
        selection = Selection(institutions=(institution,)) if institution else Selection()
        report = build_kind(KINDS[kind], CONTENT, out, selection, ("docx", "pdf"),
                            options=Options(pdf_engine))
        docx, pdf = sorted(report.outputs)[:2]
        made[name] = (_model(out, report.documents[0]), docx, pdf)
    return made


def _model(out: Path, document_id: str):
    from generator.model.serial import read_document_json
    return read_document_json((out / ".marco" / "model" / f"{document_id}.json").read_bytes()
                              ).document


def docx_section(docx: Path) -> etree._Element:
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    return body.find(f"{{{W}}}body/{{{W}}}sectPr")


def twips_cm(element: etree._Element, attribute: str) -> float:
    return float(element.get(f"{{{W}}}{attribute}")) / TWIPS_PER_CM


@pytest.mark.parametrize("kind", KINDS_BUILT)
def test_page_size_and_margins_agree(built, kind: str):
    _, docx, pdf = built[kind]
    section = docx_section(docx)
    size, margins = section.find(f"{{{W}}}pgSz"), section.find(f"{{{W}}}pgMar")
    pages = pdf_pages(pdf)
    for page in pages:
        assert page.width == pytest.approx(twips_cm(size, "w"), abs=0.05)
        assert page.height == pytest.approx(twips_cm(size, "h"), abs=0.05)
    left, right = twips_cm(margins, "left"), page.width - twips_cm(margins, "right")
    top, bottom = twips_cm(margins, "top"), page.height - twips_cm(margins, "bottom")
    body = [[line for line in page.lines if top - 0.1 < line.top < bottom + 0.1]
            for page in pages]
    assert all(body), "a page without body text"
    lines = [line for page in pages for line in page.lines]
    # nothing between the margins and the edges but the header and the footer
    assert all(line.left >= left - CLOSE and line.right <= right + CLOSE for line in lines)
    assert min(line.left for line in lines) == pytest.approx(left, abs=CLOSE)
    assert max(line.right for line in lines) == pytest.approx(right, abs=CLOSE)
    for page in pages:  # below the body, the footer only, above its distance from the edge
        below = [line for line in page.lines if line.top > bottom + 0.1]
        assert len(below) == 1 and below[0].top <= page.height - twips_cm(margins, "footer")


@pytest.mark.parametrize("kind", KINDS_BUILT)
def test_letterhead_header_and_footer_agree(built, kind: str):
    document, docx, pdf = built[kind]
    design = read_design(docx.read_bytes())  # the output's own page, as Word reads it
    pages = pdf_pages(pdf)
    margins = docx_section(docx).find(f"{{{W}}}pgMar")
    top = twips_cm(margins, "top")
    for number, page in enumerate(pages, 1):
        above = [line.text for line in page.lines if line.top < top]
        if number == 1 and not design.running_first:
            assert above == list(design.letterhead)
        else:
            assert above == ([document.meta.header] if document.meta.header else [])
        footer = design.footer_text.format(PAGE=number, NUMPAGES=len(pages))
        assert max(page.lines, key=lambda line: line.top).text == footer
    if kind.startswith("decree"):
        assert design.letterhead == () and not design.running_first
    else:
        assert design.letterhead == ("MINISTERIO DE HACIENDA", "DIRECCIÓN DE PRESUPUESTOS")


def expected_edge(design: Design, style: str, left: float, right: float) -> tuple[str, float]:
    look = design.styles[style]
    start = left + look.indent
    middle = (start + right) / 2
    return {"left": ("left", start), "justify": ("left", start), "center": ("middle", middle),
            "right": ("right", right)}[look.align]


@pytest.mark.parametrize("kind", KINDS_BUILT)
def test_styled_paragraphs_are_aligned_as_their_style(built, kind: str):
    """Each styled paragraph's first line sits where its style's alignment
    and indent put it, in the DOCX's terms."""
    document, docx, pdf = built[kind]
    design = read_design(docx.read_bytes())
    margins = docx_section(docx).find(f"{{{W}}}pgMar")
    pages = pdf_pages(pdf)
    left = twips_cm(margins, "left")
    right = pages[0].width - twips_cm(margins, "right")
    top, bottom = twips_cm(margins, "top"), pages[0].height - twips_cm(margins, "bottom")
    lines = [line for page in pages for line in page.lines if top - 0.1 < line.top < bottom]
    styled = [block for block in iter_blocks(document.blocks)
              if isinstance(block, Paragraph) and block.style]
    checked = 0
    for block in styled:
        text = " ".join(inline_text(block.inlines).split())
        if design.styles[block.style].caps:
            text = text.upper()
        line = next((line for line in lines if text.startswith(line.text)
                     and (len(line.text) > 3 or line.text == text)), None)
        assert line is not None, text
        edge, at = expected_edge(design, block.style, left, right)
        measured = {"left": line.left, "right": line.right,
                    "middle": (line.left + line.right) / 2}[edge]
        assert measured == pytest.approx(at, abs=CLOSE), (block.style, text)
        checked += 1
    assert checked or not styled


@pytest.mark.parametrize("kind", ["circular", *(f"decree-{d}" for d in DECREES)])
def test_numbered_paragraphs_hang_as_their_style(built, kind: str):
    """A numbered paragraph's first line, its number, starts where Word puts
    it: the style's left indent less its hanging indent."""
    document, docx, pdf = built[kind]
    design = read_design(docx.read_bytes())
    look = design.styles["numbered"]
    start = twips_cm(docx_section(docx).find(f"{{{W}}}pgMar"), "left") + look.indent - look.hanging
    lines = [line for page in pdf_pages(pdf) for line in page.lines]
    numbered = [block for block in iter_blocks(document.blocks)
                if isinstance(block, NumberedParagraph)]
    assert numbered
    for block in numbered:
        first = " ".join(f"{block.display} {inline_text(block.inlines)}".split())
        line = next(line for line in lines if first.startswith(line.text) and len(line.text) > 3)
        assert line.left == pytest.approx(start, abs=CLOSE), first


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
@pytest.mark.parametrize("kind", KINDS_BUILT)
def test_page_counts_within_one(built, kind: str, tmp_path: Path):
    _, docx, pdf = built[kind]
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   capture_output=True, check=True, timeout=300)
    converted = len(pdf_pages(tmp_path / f"{docx.stem}.pdf"))
    assert abs(converted - len(pdf_pages(pdf))) <= 1, (converted, len(pdf_pages(pdf)))
