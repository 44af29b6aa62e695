"""The writer table: a format's renderer is kept by the process and made
again when a template file it read changes, so a long-running process sees
an edited print.css or reference.docx."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from generator import writers
from generator.model.document import Document, Meta, Paragraph, Text
from generator.writers import TEMPLATES, WRITERS, renderer

DOCUMENT = Document(Meta("x", "guide", "Prueba", dt.date(2012, 1, 1)),
                    [Paragraph([Text("Texto.")], style="title")])


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of templates/ that the renderers read, and no renderer made yet."""
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    from generator.writers import docx, html
    monkeypatch.setattr(docx, "TEMPLATES", copy)
    monkeypatch.setattr(html, "PAGE_TEMPLATE", copy / "html" / "document.html.j2")
    monkeypatch.setattr(html, "PRINT_CSS", copy / "css" / "print.css")
    monkeypatch.setattr(html, "SCREEN_CSS", copy / "css" / "screen.css")
    monkeypatch.setattr(writers, "_RENDERERS", {})
    return copy


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_the_table_names_each_format_once():
    assert {w.format: w.suffix for w in WRITERS.values()} == {
        "docx": ".docx", "pdf": ".pdf", "html": ".html", "txt": ".txt"}


def test_a_renderer_is_kept_until_its_templates_change(templates: Path):
    first = renderer("html")
    assert renderer("html") is first
    css = templates / "css" / "print.css"
    css.write_text(css.read_text(encoding="utf-8").replace(
        "a.ref {", "a.ref { letter-spacing: 1pt;"), encoding="utf-8")
    touch_later(css)
    assert renderer("html") is not first
    assert "letter-spacing: 1pt" in renderer("html").render(DOCUMENT).decode()
    assert renderer("pdf").render(DOCUMENT).startswith(b"%PDF")


def test_an_edited_reference_docx_is_seen(templates: Path):
    before = renderer("docx").render(DOCUMENT)
    shell = templates / "docx" / "reference.docx"
    parts = {}
    with zipfile.ZipFile(shell) as package:
        for info in package.infolist():
            parts[info.filename] = package.read(info)
    parts["word/styles.xml"] += b" "  # as Word would save it: other bytes, same styles
    with zipfile.ZipFile(shell, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    touch_later(shell)
    after = renderer("docx").render(DOCUMENT)
    with zipfile.ZipFile(io.BytesIO(after)) as package:
        assert package.read("word/styles.xml").endswith(b" ")
    assert after != before
