"""The HTML writer's page as a web page: the title, the table of contents,
the endnotes linked both ways with their calls, shown on screen only; the
print markup (the PDF writer's page) without any of them; and, in headless
Chromium, one decree's, the circular's and the guide's pages as they are
built: every link lands, the floated notes are hidden and the endnotes shown,
and the screenshot is a page (``pytest -m chromium``)."""

from __future__ import annotations

import copy
import io
import json
import logging
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image  # a dependency of WeasyPrint's
from weasyprint import HTML

from generator.cli import cli
from generator.model.document import Annex, Footnote, FootnoteRef, LineBreak, Section, Text
from generator.model.walk import all_inlines
from generator.writers.html import HtmlRenderer, render_html
from generator.writers.pdf import pdf_bytes
from test_html_pdf import (
    ESCAPED, NOTE_A, NOTE_B, NOTE_C, Element, parse, printed, sample, squash,
)

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def ids(tree: Element) -> list[str]:
    return [e.attrs["id"] for e in tree.iter() if "id" in e.attrs]


def internal_links(tree: Element) -> list[str]:
    return [e.attrs["href"][1:] for e in tree.iter("a") if e.attrs.get("href", "").startswith("#")]


def only(tree: Element, tag: str, css_class: str) -> Element:
    (found,) = tree.iter(tag, css_class)
    return found


@pytest.fixture(scope="module")
def tree() -> Element:
    return parse(render_html(sample()))


# ------------------------------------------------------------ the page


def test_every_link_lands_and_every_id_is_unique(tree: Element) -> None:
    found = ids(tree)
    assert len(found) == len(set(found))
    links = internal_links(tree)
    assert links and set(links) <= set(found)


def test_the_table_of_contents_lists_the_sections_with_their_numbers(tree: Element) -> None:
    toc = only(tree, "nav", "toc")
    assert "screen-only" in toc.classes
    entries = [(a.attrs["href"], " ".join(a.text().split())) for a in toc.iter("a")]
    # down to level 2 (1.1.1 Detalle is left out), then the annex
    assert entries == [("#sec:objetivo", "1 Objetivo"), ("#sec:alcance", "1.1 Alcance"),
                       ("#section-4", "2 Definiciones"), ("#annex-5", "Anexo 1 Formularios")]
    (outer,) = [child for child in toc.children if isinstance(child, Element) and child.tag == "ol"]
    (nested,) = outer.iter("ol")
    assert [a.attrs["href"] for a in nested.iter("a")] == ["#sec:alcance"]
    # before the first section, after the blocks that open the document
    main = next(tree.iter("main"))
    blocks = [child for child in main.children if isinstance(child, Element)]
    assert [b.tag for b in blocks[:5]] == ["p", "table", "p", "nav", "section"]


def test_a_document_without_sections_has_no_table_of_contents() -> None:
    document = sample()
    document.blocks = [b for b in document.blocks if not isinstance(b, (Section, Annex))]
    assert not list(parse(render_html(document)).iter("nav"))


def test_the_title_is_shown_once() -> None:
    shown = sample()  # opens with a paragraph of the title style
    assert not list(parse(render_html(shown)).iter("h1", "document-title"))
    untitled = sample()
    untitled.blocks = untitled.blocks[1:]
    untitled.meta.title = ESCAPED
    (title,) = parse(render_html(untitled)).iter("h1", "document-title")
    assert title.text() == ESCAPED
    assert "A &amp; B &lt;c&gt; &#34;d&#34;</h1>" in render_html(untitled)


def test_notes_are_endnotes_linked_both_ways(tree: Element) -> None:
    endnotes = only(tree, "section", "endnotes")
    assert "screen-only" in endnotes.classes
    items = list(endnotes.iter("li"))
    assert [(li.attrs["id"], next(li.iter("span", "num")).text()) for li in items] == [
        ("fn:a", "1"), ("fn:b", "2"), ("fn:c", "3")]
    for li, note in zip(items, [NOTE_A, NOTE_B, NOTE_C]):
        assert note in li.text()
    backs = {li.attrs["id"]: [a.attrs["href"] for a in li.iter("a", "backlink")] for li in items}
    # note a is cited twice: placed in a paragraph, cited again in the first numbered one
    assert backs == {"fn:a": ["#fnref:a", "#fnref:a:2"], "fn:b": ["#fnref:b"],
                     "fn:c": ["#fnref:c"]}
    assert [a.attrs["aria-label"] for a in items[0].iter("a", "backlink")] == [
        "Volver a la llamada a de la nota 1", "Volver a la llamada b de la nota 1"]
    calls = {sup.attrs["id"]: next(sup.iter("a")).attrs["href"]
             for sup in tree.iter("sup", "footnote-call") if "id" in sup.attrs}
    assert calls == {"fnref:a": "#fn:a", "fnref:a:2": "#fn:a", "fnref:b": "#fn:b",
                     "fnref:c": "#fn:c"}
    # the floated notes are still in the text, for print, without the endnotes' ids
    assert [("id" in span.attrs, span.text()) for span in tree.iter("span", "footnote")] == [
        (False, NOTE_A), (False, NOTE_B), (False, NOTE_C)]


def test_a_note_cited_in_a_note_links_back_to_that_note() -> None:
    document = sample()
    document.footnotes["b"].inlines = [Text("Ver también"), FootnoteRef("d", number=3),
                                       LineBreak(), Text(ESCAPED)]
    document.footnotes["b"].followers = ["d"]
    document.footnotes["c"].number = 4
    document.footnotes["d"] = Footnote("d", [Text("Nota anidada.")], number=3)
    for inline in all_inlines(document.blocks):
        if isinstance(inline, FootnoteRef) and inline.label == "c":
            inline.number = 4
    tree = parse(render_html(document))
    items = list(only(tree, "section", "endnotes").iter("li"))
    assert [li.attrs["id"] for li in items] == ["fn:a", "fn:b", "fn:d", "fn:c"]
    (call,) = items[1].iter("sup", "footnote-call")
    assert (call.attrs["id"], next(call.iter("a")).attrs["href"]) == ("fnref:d", "#fn:d")
    assert [a.attrs["href"] for a in items[2].iter("a", "backlink")] == ["#fnref:d"]
    assert ESCAPED in items[1].text()
    assert set(internal_links(tree)) <= set(ids(tree))


def test_the_print_markup_has_none_of_the_screen_parts() -> None:
    page = HtmlRenderer().page(sample(), embed_css=False)
    assert "screen-only" not in page and "<nav" not in page and "fnref:" not in page
    tree = parse(page)
    assert [span.attrs["id"] for span in tree.iter("span", "footnote")] == ["fn:a", "fn:b", "fn:c"]
    assert [a.attrs["href"] for a in tree.iter("a")] == ["#tbl:sistemas", "#sec:alcance"]


def test_without_its_screen_parts_the_page_says_what_print_says(tree: Element) -> None:
    def text(page: Element) -> str:
        return " ".join(next(page.iter("main")).text().split())

    assert text(printed(tree)) == text(parse(HtmlRenderer().page(sample(), embed_css=False)))


def test_the_page_printed_by_weasyprint_reads_as_the_pdf(caplog) -> None:
    """The web page itself laid out for print (with its own stylesheets, as
    a reader printing it would) shows the text of the PDF writer's PDF: the
    screen's parts are hidden by the print stylesheet."""
    def text(pdf: bytes) -> str:
        return " ".join(" ".join(page.extract_text().split())
                        for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)

    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        web = text(HTML(string=render_html(sample())).write_pdf())
    assert web == text(pdf_bytes(sample()))
    assert "Índice" not in web and "Notas" not in web


def test_the_page_is_deterministic() -> None:
    document = sample()
    assert render_html(document) == render_html(copy.deepcopy(document)) == render_html(sample())


# ------------------------------------------------------------ Chromium


FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: What the page looks like once laid out, written into the DOM by a script
#: added to a copy of the page (the page itself has no script).
PROBE = """<script>
const shown = e => e.getClientRects().length > 0;
const ch = document.createElement("span");
ch.style.cssText = "display: inline-block; width: 10ch";
document.querySelector("main").append(ch);
const main = document.querySelector("main");
const probe = {
  floated_notes_shown: [...document.querySelectorAll("span.footnote")].filter(shown).length,
  endnotes: [...document.querySelectorAll("section.endnotes li")].filter(shown).length,
  calls_shown: [...document.querySelectorAll("sup.footnote-call")]
    .filter(call => !call.closest(".footnote")).every(shown),
  toc_links: [...document.querySelectorAll("nav.toc a")].filter(shown).length,
  refs_underlined: [...document.querySelectorAll("a.ref")].every(
    a => getComputedStyle(a).textDecorationLine.includes("underline")),
  main_width_ch: main.getBoundingClientRect().width / (ch.getBoundingClientRect().width / 10),
  banner_shown: [...document.querySelectorAll(".running-header")].every(shown),
  tables_too_wide: [...main.querySelectorAll("table")]
    .filter(t => t.scrollWidth > main.clientWidth + 1).length,
};
ch.remove();
document.body.setAttribute("data-probe", JSON.stringify(probe));
</script>"""


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """One decree's, the circular's and the guide's HTML, built from the
    bundled content with the default formats of their kinds."""
    output = tmp_path_factory.mktemp("pages")
    for args in (["decrees", "--institution", "fne", "--format", "html"],
                 ["circulars", "--format", "html"], ["guides", "--format", "html"]):
        result = CliRunner().invoke(cli, ["--content", str(REPO / "content"),
                                          "--output", str(output), "build", *args])
        assert result.exit_code == 0, result.output
    return {"decree": output / "2012" / "decreto-2012-mei-fne.html",
            "circular": output / "circulares" / "circular-39-2011.html",
            "guide": output / "guias" / "guia-gestion-territorial.html"}


#: What each page has: endnotes, entries of the table of contents (the
#: guide's sections of levels 1 and 2 that have a title, and its annex).
EXPECTED = {"decree": (0, 0), "circular": (0, 0), "guide": (5, 17)}


@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed")
@pytest.mark.parametrize("name", list(EXPECTED))
def test_the_page_in_chromium(pages: dict[str, Path], name: str, tmp_path: Path) -> None:
    page = pages[name]
    html = page.read_text(encoding="utf-8")
    assert "src=" not in html and "<link" not in html and 'href="http' not in html
    profile = tmp_path / "profile"

    # the DOM as Chromium built it: every link lands on an element
    tree = parse_dom(chromium(["--dump-dom", page.as_uri()], profile).stdout)
    found = ids(tree)
    assert len(found) == len(set(found))
    assert set(internal_links(tree)) <= set(found)
    notes, entries = EXPECTED[name]
    assert len(list(tree.iter("span", "footnote"))) == notes
    titles = list(tree.iter("h1", "document-title")) + list(tree.iter("p", "style-title"))
    assert len(titles) == 1
    # each entry of the contents reads as the heading of the section it leads to
    by_id = {e.attrs["id"]: e for e in tree.iter() if "id" in e.attrs}
    for link in (a for nav in tree.iter("nav", "toc") for a in nav.iter("a")):
        section = by_id[link.attrs["href"][1:]]
        heading = next(e for e in section.children if isinstance(e, Element))
        assert heading.tag.startswith("h") and squash(heading.text()) == squash(link.text())

    # the page laid out on screen, measured by a script in a copy of it
    probed = tmp_path / page.name
    probed.write_text(html.replace("</body>", f"{PROBE}\n</body>"), encoding="utf-8")
    dom = parse_dom(chromium(["--window-size=1280,2000", "--dump-dom", probed.as_uri()],
                             profile).stdout)
    probe = json.loads(next(dom.iter("body")).attrs["data-probe"])
    assert probe["floated_notes_shown"] == 0 and probe["endnotes"] == notes
    assert probe["calls_shown"] and probe["refs_underlined"] and probe["banner_shown"]
    assert probe["toc_links"] == entries
    assert 65 <= probe["main_width_ch"] <= 80, probe
    assert probe["tables_too_wide"] == 0, probe  # a table fits the page, its words whole

    # the screenshot: a centred sheet on a plain background, with text on it
    shot = tmp_path / f"{name}.png"
    chromium(["--window-size=1280,2000", f"--screenshot={shot}", page.as_uri()], profile)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 2000)
    colours = image.getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 50  # not blank: text, rules, shading
    margin = image.crop((0, 0, 100, 2000)).getcolors()
    assert margin is not None and len(margin) == 1  # nothing but the background
    sheet = image.crop((400, 0, 880, 1000)).getcolors(maxcolors=1 << 16)
    assert sheet is None or len(sheet) > 20


def parse_dom(html: str) -> Element:
    """Chromium's serialised DOM, parsed by the tests' tree builder (which
    wants every element closed: void SVG elements are written closed)."""
    return parse(html)
