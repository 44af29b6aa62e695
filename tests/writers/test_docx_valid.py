"""Every DOCX marco writes is valid Open XML and carries its metadata.

The validator is openxml-audit, a pure-Python port of the Open XML SDK's
validation: the package (parts, content types, relationships, the parts Word
requires, such as the font table and the theme), each part against its
schema (elements, their order, attribute values) and the SDK's semantic
constraints (unique style ids, references between parts). Anything it
reports, error or warning, fails the test, with every finding listed.

Validated: the Word shells, every bundled document of every Markdown kind, a
sample of the decrees (a service of a sector ministry, one of the Ministry of
Finance, the SMA), a redline (``marco diff --docx``) of the circular and the
writer's sample of every block (``test_docx.sample``). The documents' core
properties must give their title, their language (es-CL) and the body that
issues them as author.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator

from generator.assemble import read_document
from generator.build.build import build_kind
from generator.build.sources import Selection
from generator.kinds import KINDS
from generator.load.content import load_content
from generator.passes.prepare import prepare
from generator.review.command import renumbering_note
from generator.review.compare import compare_documents
from generator.writers.docx import docx_bytes, redline_docx_bytes
from test_docx import sample

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
SHELLS = sorted((ROOT / "templates" / "docx").glob("*.docx"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The decrees validated: institution → the ministry that issues its decree.
DECREES = {"fne": "Ministerio de Economía, Fomento y Turismo",
           "chilecompra": "Ministerio de Hacienda",
           "sma": "Ministerio del Medio Ambiente"}
#: Who issues the documents of the Markdown kinds.
ISSUERS = {"circular": "Ministerio de Hacienda",
           "programa-marco": "Dirección de Presupuestos",
           "guide": "Dirección de Presupuestos",
           "results": "Dirección de Presupuestos",
           "oficio": "Dirección de Presupuestos",
           "formulation-letter": "Dirección de Presupuestos"}
#: The kinds made one document per institution: those of DECREES are validated.
PER_INSTITUTION = ("decree", "evaluation-decree", "oficio", "formulation-letter")


def problems(path: Path) -> list[str]:
    """Everything the validator reports about ``path``. A validator is made
    for each file: openxml-audit 0.8 caches what it reads of a part by the
    ``id()`` of the package, which a later package may reuse, so one
    validator run over several files can judge a file by another's part."""
    result = OpenXmlValidator(max_errors=0).validate(path)
    found = [f"{error.severity.value}: {error}" for error in result.errors]
    assert result.is_valid or found, f"{path.name}: invalid, with nothing reported"
    return found


def assert_valid(*paths: Path) -> None:
    found = {path.name: problems(path) for path in paths}
    assert not any(found.values()), "\n".join(
        f"{name}:\n  " + "\n  ".join(lines) for name, lines in found.items() if lines)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The DOCX of every bundled document of each kind (the decrees: those of
    :data:`DECREES`), by kind."""
    out = tmp_path_factory.mktemp("docx")
    return {name: build_kind(kind, CONTENT, out,
                             Selection(institutions=tuple(DECREES)) if name in PER_INSTITUTION
                             else Selection(), ("docx",)).outputs
            for name, kind in KINDS.items()}


@pytest.mark.parametrize("shell", SHELLS, ids=lambda path: path.name)
def test_each_word_shell_is_valid(shell: Path) -> None:
    assert_valid(shell)
    with zipfile.ZipFile(shell) as package:
        names = set(package.namelist())
        settings = etree.fromstring(package.read("word/settings.xml"))
    assert {"word/fontTable.xml", "word/theme/theme1.xml", "word/settings.xml"} <= names
    assert settings.find(f"{W}themeFontLang").get(f"{W}val") == "es-CL"


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_docx_of_each_kind_is_valid(built: dict[str, list[Path]], kind: str) -> None:
    expected = len(DECREES) if kind in PER_INSTITUTION else len(list(
        CONTENT.glob(KINDS[kind].sources.pattern)))
    assert len(built[kind]) == expected >= 1
    assert_valid(*built[kind])


@pytest.mark.parametrize("kind", list(KINDS))
def test_core_properties_give_title_language_and_issuer(built: dict[str, list[Path]],
                                                         kind: str) -> None:
    for path in built[kind]:
        properties = docx.Document(str(path)).core_properties
        issuer = ISSUERS.get(kind) or DECREES[path.stem.rsplit("-", 1)[1]]
        assert (properties.author, properties.language) == (issuer, "es-CL"), path.name
        assert properties.title and properties.title != "marco: documento de referencia"
        assert properties.created == properties.modified


def test_the_decree_titles_name_their_service(built: dict[str, list[Path]]) -> None:
    titles = sorted(docx.Document(str(path)).core_properties.title
                    for path in built["decree"])
    assert titles == ["Decreto MEI 2012: Dirección de Compras y Contratación Pública",
                      "Decreto MEI 2012: Fiscalía Nacional Económica",
                      "Decreto SMA 2012: Superintendencia del Medio Ambiente"]


def test_a_redline_is_valid(tmp_path: Path) -> None:
    """The circular with a paragraph inserted (the later ones renumbered, in
    a comment) and a word changed, as Word tracked changes."""
    shutil.copytree(CONTENT, tmp_path / "content")
    path = tmp_path / "content" / "circulares" / "circular-39-2011.md"
    old = prepare(read_document(path, load_content(tmp_path / "content")))
    text = path.read_text(encoding="utf-8")
    first = "(@) Con la implementación"
    assert text.count(first) == 1 and text.count("se inició el desarrollo") >= 1
    text = text.replace(first, f"(@) Párrafo nuevo.\n\n{first}").replace(
        "se inició el desarrollo", "comenzó el desarrollo", 1)
    path.write_text(text, encoding="utf-8")
    new = prepare(read_document(path, load_content(tmp_path / "content")))
    diff = compare_documents(old, new)
    assert diff.redline is not None and diff.shifts
    redline = tmp_path / "circular-redline.docx"
    redline.write_bytes(redline_docx_bytes(diff.redline, dt.date(2024, 5, 2),
                                           renumbering_note(diff)))
    with zipfile.ZipFile(redline) as package:
        document = package.read("word/document.xml").decode("utf-8")
        assert "word/comments.xml" in package.namelist()
    assert "<w:ins " in document and "<w:del " in document
    assert_valid(redline)
    assert docx.Document(str(redline)).core_properties.author == ISSUERS["circular"]


def test_the_writers_sample_of_every_block_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "sample.docx"
    path.write_bytes(docx_bytes(sample()))
    assert_valid(path)
