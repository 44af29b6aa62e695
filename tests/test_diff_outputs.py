"""What ``marco diff`` writes, on a real change of the bundled content: Word
redlines that give exactly the new text when every change is accepted and
the old one when every change is rejected (a paragraph edited, a paragraph
inserted, a table row deleted, a footnote changed, numbers that moved), that
LibreOffice opens; and the HTML report, opened in headless Chromium."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree
from tracked import accept_all, docx_text, reject_all

from generator.cli import cli
from generator.review.command import write_redlines
from test_diff import PROGRAMA_MARCO, compare, edit

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CIRCULAR = "circular-39-2011"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def change_content(project: Path) -> None:
    """A paragraph edited and one inserted in the circular; in the MEI 2009
    framework an objective removed (a row of the Programa Marco deleted, the
    next renumbered) and a footnote's text changed."""
    circular = project / "content" / "circulares" / "circular-39-2011.md"
    edit(circular, "(@) Una vez aprobado el Programa Marco",
         "(@) Las instituciones deberán informar sus dudas a la Secretaría Técnica.\n\n"
         "(@) Una vez revisado y aprobado el Programa Marco")
    framework = project / "content" / "frameworks" / "mei-2009.yaml"
    text = framework.read_text(encoding="utf-8")
    start, end = text.index("          - id: com-12\n"), text.index("          - id: com-13\n")
    framework.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(framework, "  normativa-ge: La normativa a considerar",
         "  normativa-ge: La normativa vigente a considerar")


@pytest.fixture
def changed(project: Path):
    change_content(project)
    return compare(project)


def test_accepting_gives_the_new_text_and_rejecting_the_old(changed, tmp_path: Path):
    written = {path.name: path for path in write_redlines(changed, tmp_path)}
    documents = {document.id: document for document in changed.documents}
    assert set(documents) == {CIRCULAR, PROGRAMA_MARCO}
    for document in changed.documents:
        redline = written[f"{document.id}-redline.docx"].read_bytes()
        old = next(p for p in changed.old.files[document.id] if p.suffix == ".docx")
        new = next(p for p in changed.new.files[document.id] if p.suffix == ".docx")
        assert docx_text(accept_all(redline)) == docx_text(new.read_bytes()), document.id
        assert docx_text(reject_all(redline)) == docx_text(old.read_bytes()), document.id
        docx.Document(io.BytesIO(redline))  # python-docx opens it


def test_the_redline_marks_each_kind_of_change(changed, tmp_path: Path):
    write_redlines(changed, tmp_path)
    with zipfile.ZipFile(tmp_path / f"{PROGRAMA_MARCO}-redline.docx") as package:
        body = etree.fromstring(package.read("word/document.xml"))
        notes = etree.fromstring(package.read("word/footnotes.xml"))
        comments = etree.fromstring(package.read("word/comments.xml"))
    deleted_rows = body.findall(f".//{W}trPr/{W}del")
    assert len(deleted_rows) == 1
    assert notes.findall(f".//{W}ins")  # "vigente" inserted in the note
    renumbering = [e for e in body.iter(f"{W}ins", f"{W}del")
                   if e.get(f"{W}author") == "marco — renumeración"]
    edits = [e for e in body.iter(f"{W}ins", f"{W}del") if e.get(f"{W}author") == "marco"]
    assert renumbering and edits
    assert {e.get(f"{W}date") for e in [*renumbering, *edits]} == {"2026-03-02T00:00:00Z"} \
        or changed.new.name == "working tree"
    note = " ".join(t.text for t in comments.iter(f"{W}t"))
    assert "Compras, objetivo 13 → 12" in note
    ids = [e.get(f"{W}id") for root in (body, notes, comments)
           for e in root.iter(f"{W}ins", f"{W}del", f"{W}comment", f"{W}commentRangeStart")
           if e.tag != f"{W}commentRangeStart"]
    assert len(ids) == len(set(ids))


def test_the_circular_shows_the_edit_and_the_inserted_paragraph(changed):
    circular = next(d for d in changed.documents if d.id == CIRCULAR)
    actions = [(change.action, change.what) for change in circular.changes]
    assert actions == [("inserted", "paragraph"), ("changed", "paragraph")]
    assert "{+revisado y +}" in changed_line(circular.changes[1])
    assert [shift.old for shift in circular.shifts][:1] == ["11)"]


def changed_line(change) -> str:
    from generator.writers.text import TextWriter

    return TextWriter().block_lines(change.block)[0]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_a_redline(changed, tmp_path: Path):
    written = write_redlines(changed, tmp_path / "redlines")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    *map(str, written)], check=True, capture_output=True, timeout=300)
    for path in written:
        assert (tmp_path / f"{path.stem}.pdf").stat().st_size > 1000


@pytest.mark.chromium
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed")
def test_the_html_report_in_chromium(project: Path, tmp_path: Path):
    change_content(project)
    page = tmp_path / "review" / "report.html"
    result = CliRunner().invoke(cli, ["--content", str(project / "content"), "--output",
                                      str(project / "output"), "diff", "-q", "-j", "1",
                                      "--html", str(page)])
    assert result.exit_code == 1, result.output
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html  # loads nothing
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    for expected in ("2 changed, 0 added, 0 removed, 41 unchanged", "Compras, objetivo 13 → 12",
                     "Las instituciones deberán informar", "Renumbering"):
        assert expected in dom, expected
    assert '<del class="edit">' in dom and '<ins class="edit">' in dom
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *flags, "--window-size=1280,2000", f"--screenshot={shot}",
                    page.as_uri()], capture_output=True, timeout=120, check=True)
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000  # more than a blank page
