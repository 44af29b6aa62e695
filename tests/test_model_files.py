"""Model files: every build keeps each document's model
(``output/.marco/model/<document id>.json``, :mod:`generator.model.serial`)
beside its outputs. They read back to the documents the passes made (less
their source positions), give the same bytes for the same document wherever
its content lies, come and go with their sources like the outputs, and a
file that is not one is refused in one line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import generator
from generator.build.build import build_kind
from generator.build.manifest import MODELS, engine_digest
from generator.build.sources import Selection, batch_of
from generator.cli import cli
from generator.errors import Pos, UserError
from generator.kinds import FORMS_FOLDER, KINDS
from generator.model import document as model
from generator.model.document import NOWHERE, Document
from generator.model.labels import Label, LabelTable
from generator.model.serial import (
    MODEL_FORMAT, ModelFile, ModelFileError, document_json, read_document_json,
)

CONTENT = Path(__file__).resolve().parents[1] / "content"
FORMS = CONTENT.parent.joinpath(*FORMS_FOLDER)
#: Every bundled kind, as a build command and the batch it builds.
BUILDS = {"decree": "decrees", "oficio": "oficios", "formulation-letter": "formulation-letters",
          "circular": "circulars", "programa-marco": "programa-marco", "guide": "guides"}


def without_positions(value: Any) -> Any:
    """``value`` with every source position, however deep, made NOWHERE."""
    if isinstance(value, Pos):
        return NOWHERE
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: without_positions(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, list):
        return [without_positions(item) for item in value]
    if isinstance(value, tuple):
        return tuple(without_positions(item) for item in value)
    if isinstance(value, dict):
        return {key: without_positions(item) for key, item in value.items()}
    return value


def build_all(content: Path, output: Path) -> None:
    """Every bundled kind built as text (the model does not depend on the format)."""
    for command in BUILDS.values():
        result = CliRunner().invoke(cli, ["--content", str(content), "--output", str(output),
                                          "build", command, "--format", "txt"])
        assert result.exit_code == 0, result.stderr


def prepared(content: Path) -> dict[str, Document]:
    """Every bundled document as the passes leave it, by id."""
    documents = {}
    for name in BUILDS:
        made = batch_of(KINDS[name], content, Selection()).open(None, Selection())
        for index, id_ in enumerate(made.ids):
            documents[id_] = made.make(index)
    return documents


def models(output: Path) -> dict[str, bytes]:
    return {p.stem: p.read_bytes() for p in sorted((output / MODELS).glob("*.json"))}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("models")
    build_all(CONTENT, output)
    return output


def test_every_bundled_document_reads_back_as_the_passes_made_it(bundled: Path):
    documents = prepared(CONTENT)
    files = models(bundled)
    # 13 decrees, their 13 oficios, 13 formulation letters, the 5 Markdown documents
    assert set(files) == set(documents) and len(files) == 13 * 3 + 5
    for id_, data in files.items():
        read = read_document_json(data)
        assert (read.format, read.marco, read.engine) == (MODEL_FORMAT, generator.__version__,
                                                          engine_digest())
        assert read.document == without_positions(documents[id_]), id_
        assert read.document != documents[id_], "positions are left out"  # the test can fail
        assert read.document.labels is not None
        # a document filled from a Word form numbers nothing: the form wrote in its numbers
        filled = read.document.meta.kind in ("oficio", "formulation-letter")
        assert (read.document.filled is not None) == filled
        assert bool(read.document.labels.labels) != filled
    guide = read_document_json(files["guia-gestion-territorial"]).document
    figures = [b for b in _blocks(guide.blocks) if isinstance(b, model.Figure)]
    assert figures and all(type(f.png) is bytes and f.png.startswith(b"\x89PNG") for f in figures)
    assert type(guide.meta.date) is dt.date
    numbered = [b for b in _blocks(guide.blocks) if isinstance(b, model.Section) and b.number]
    assert numbered and all(type(b.number) is tuple for b in numbered)


def _blocks(blocks: list) -> list:
    from generator.model.walk import iter_blocks
    return list(iter_blocks(blocks))


def test_a_model_file_keeps_no_source_position(bundled: Path):
    for id_, data in models(bundled).items():
        text = data.decode("utf-8")
        assert str(CONTENT) not in text and "content/" not in text, id_
        assert '"pos":' not in text and '"source":' not in text, id_
        assert "\n" not in text, "compact, one line"
        assert "Ã" not in text and "\\u00" not in text, "UTF-8, not escaped"


def test_the_same_content_elsewhere_gives_the_same_bytes(bundled: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    elsewhere = tmp_path / "revision" / "contenido"  # as a git revision extracted into /tmp
    shutil.copytree(CONTENT, elsewhere)
    shutil.copytree(FORMS, elsewhere.parent.joinpath(*FORMS_FOLDER))
    monkeypatch.chdir(tmp_path)
    build_all(elsewhere.relative_to(tmp_path), Path("output"))
    here, there = models(Path("output")), models(bundled)
    assert here.keys() == there.keys()
    for id_ in here:
        assert here[id_] == there[id_], id_
    # the label tables, which keep their source lines, do differ: the positions
    # of the two builds are different, and the model files leave them out
    name = "guia-gestion-territorial.json"
    assert ((Path("output") / ".marco/labels" / name).read_bytes()
            != (bundled / ".marco/labels" / name).read_bytes())


def test_the_same_document_gives_the_same_bytes(bundled: Path):
    documents = prepared(CONTENT)
    again = prepared(CONTENT)
    for id_, document in documents.items():
        data = document_json(document, "engine")
        assert document_json(document, "engine") == data
        assert document_json(again[id_], "engine") == data  # made again
        assert document_json(read_document_json(data).document, "engine") == data
        assert json.loads(data)["engine"] == "engine"


# ------------------------------------------------------------ the whole model


def every_class() -> Document:
    """A document (a redline's) that holds every class of the model, and
    every kind of value: tuples, bytes, dates, mappings with keys of text and
    of numbers, floats, None, a label kind the model may not list yet."""
    at = Pos("content/doc.md", 7)
    label = Label("obj", "x", (2, 1), "Objeto 2.1", "objeto 2.1", "2.1", "Título «x»", at)
    text = [model.Text("a ñ"), model.Emph([model.Text("b")]), model.Strong([model.LineBreak()]),
            model.Ref("tbl:t", "number", "otro", at, "1"),
            model.FootnoteRef("n", at, 2, True, previous=1),
            model.Inserted([model.Text("nuevo")]), model.Deleted([model.Text("viejo")],
                                                                   "renumbering")]
    cell = model.Cell([model.Text("c")], 2, "right")
    blocks = [
        model.Section(text, [
            model.Paragraph(text, "center", at),
            model.NumberedParagraph("art", [model.Text("x")], "art:x", at, (1,), "Artículo 1°.-",
                                    previous="Artículo 2°.-"),
            model.BulletList([model.ListItem([model.Paragraph([model.Text("i")])])], at),
            model.OrderedList([model.ListItem([])], at, ["1."], [None]),
            model.Table([[cell]], [[cell], [cell]], [model.Text("t")], None, "tbl:t",
                        [1.0, 2.5], "plain", at, (1,), "Cuadro 1", "Cuadro 2",
                        {1: "inserted", 2: "deleted"}),
            model.DefinitionList([model.Definition([model.Text("d")], [model.Text("e")],
                                                   "def:d", at)], at),
            model.FieldBlock([model.Field("MAT.:", [model.Text("f")])], at),
            model.SignatureBlock([model.Signer(None, "Jefe"), model.Signer("Ana", "Ministra")],
                                 at),
            model.Figure("<svg/>", bytes(range(256)), None, "fig:f", 13.1, at, (1,), "Figura 1",
                         None, "Figura 2"),
            model.PageBreak(at),
            model.Placeholder("compromisos", "tbl:c", at),
            model.Revised("deleted", [model.Paragraph([model.Text("r")])]),
        ], "sec:s", True, at, 1, (1,), "1", "2"),
        model.Annex([model.Text("Anexo")], [], "ann:a", at, (1,), "Anexo 1"),
    ]
    return Document(
        model.Meta("doc", "guide", "Título", dt.date(2011, 9, 15), properties={"k": "v"}),
        blocks, {"n": model.Footnote("n", [model.Text("nota")], at, 2, ["m"], "inserted")},
        at, LabelTable("doc", "guide", {"obj:x": label}, {"sec": 1, "sec:s": 0}),
        {"otro/obj:x": label})


def test_every_class_and_field_of_the_model_reads_back():
    document = every_class()
    classes = {value for value in vars(model).values()
               if isinstance(value, type) and dataclasses.is_dataclass(value)
               and value.__module__ == model.__name__}
    held = set()

    def collect(value: Any) -> None:
        if dataclasses.is_dataclass(value):
            held.add(type(value))
            for f in dataclasses.fields(value):
                collect(getattr(value, f.name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)

    collect(document)
    assert classes - held == set(), "every_class() should hold each class of the model"
    read = read_document_json(document_json(document, "e"))
    assert read == ModelFile(MODEL_FORMAT, generator.__version__, "e", without_positions(document))
    table = read.document.blocks[0].children[4]
    assert table.revised_rows == {1: "inserted", 2: "deleted"} and table.number == (1,)
    assert read.document.cited["otro/obj:x"].pos == NOWHERE
    assert read.document.source == NOWHERE and read.document.blocks[0].pos == NOWHERE


def test_a_value_the_model_cannot_keep_is_a_bug_not_a_silent_loss():
    document = every_class()
    document.meta.properties["k"] = {1, 2}  # type: ignore[assignment]
    with pytest.raises(TypeError, match="set"):
        document_json(document, "e")


# ------------------------------------------------------------ refused files


def good() -> dict:
    return json.loads(document_json(every_class(), "e"))


def damaged(change) -> bytes:
    data = good()
    change(data)
    return json.dumps(data).encode()


def _first_text(data: dict) -> dict:
    return data["document"]["blocks"][0]["title"][0]


@pytest.mark.parametrize("data, message", [
    (b"", "not JSON"),
    (b"\xff\xfe{", "not JSON"),
    (b"[1, 2]", "no 'format'"),
    (b'{"format": 1}', "no valid 'marco'"),
    (document_json(every_class(), "e")[:-40], "not JSON"),
    (b"[" * 100000 + b"]" * 100000, "not a model file"),
    (LabelTable("doc", "guide").to_json(), "no 'format'"),
    (damaged(lambda d: d.update(format=2)), "format 2, expected 1"),
    (damaged(lambda d: d.update(extra=1)), "unknown field 'extra'"),
    (damaged(lambda d: _first_text(d).update({"$": "Script"})), "unknown class 'Script'"),
    (damaged(lambda d: _first_text(d).update(pos="x:1")), "unknown field 'pos'"),
    (damaged(lambda d: _first_text(d).update(colour="red")), "unknown field 'colour'"),
    (damaged(lambda d: _first_text(d).pop("text")), "missing field 'text'"),
    (damaged(lambda d: d["document"]["meta"].update(date={"$date": "ayer"})), "no ISO date"),
    (damaged(lambda d: d["document"]["meta"].update(date={"$when": "2011"})), "unknown tag"),
    (damaged(lambda d: d["document"]["meta"].update(properties={"k": "v", "l": "w"})),
     "no model class"),
    (damaged(lambda d: d["document"]["footnotes"].update({"$dict": [["n"]]})), "pairs"),
    (damaged(lambda d: d["document"]["blocks"][0]["children"][8].update(png={"$bytes": "%%"})),
     "base64"),
    (damaged(lambda d: d.update(document=d["document"]["meta"])), "its document is a Meta"),
])
def test_a_damaged_or_foreign_file_is_refused_in_one_line(data: bytes, message: str):
    with pytest.raises(ModelFileError) as info:
        read_document_json(data)
    assert message in str(info.value)
    assert "\n" not in str(info.value) and isinstance(info.value, ValueError)


def test_a_damaged_model_file_of_a_build_is_refused(bundled: Path, tmp_path: Path):
    data = (bundled / MODELS / "circular-39-2011.json").read_bytes()
    assert read_document_json(data).document.meta.id == "circular-39-2011"
    with pytest.raises(ModelFileError, match="not JSON"):
        read_document_json(data[: len(data) // 2])


# ------------------------------------------------------------ builds


def decrees(**options) -> Any:
    return build_kind(KINDS["decree"], Path("content"), Path("output"), Selection(),
                      ("txt",), **options)


def test_model_files_come_and_go_with_their_sources(copy: Path, edit):
    model_dir = Path("output") / MODELS
    report = decrees()
    ids = report.documents
    assert len(ids) == report.written == 13
    assert {p.stem for p in model_dir.glob("*.json")} == set(ids)
    sources = sorted(Path("content/commitments/2012").glob("*.yaml"))
    assert [id_.split("-", 2)[2] for id_ in ids] == [p.stem for p in sources]  # source order
    before = models(Path("output"))

    again = decrees()  # the no-op path still says which documents the build covers
    assert (again.written, again.unchanged, again.documents) == (0, 13, ids)
    only = build_kind(KINDS["decree"], Path("content"), Path("output"),
                      Selection(institutions=("fne",)), ("txt",))
    assert only.documents == ["2012-mei-fne"]

    (model_dir / "2012-mei-inapi.json").unlink()  # a missing model file is made again
    report = decrees()
    assert (report.written, report.unchanged) == (1, 12)
    assert models(Path("output")) == before

    fne = Path("content/commitments/2012/fne.yaml")
    edit(fne, "    stage: 2\n    priority: Mediana", "    stage: 2\n    priority: Bogus")
    with pytest.raises(UserError):  # a failed build leaves every model file as it was
        decrees(force=True)
    assert models(Path("output")) == before
    edit(fne, "    stage: 2\n    priority: Bogus", "    stage: 2\n    priority: Alta")
    report = decrees()
    assert report.written == 1
    after = models(Path("output"))
    assert {id_ for id_ in before if before[id_] != after[id_]} == {"2012-mei-fne"}

    fne.unlink()  # a removed source removes its model file with its outputs
    report = decrees()
    assert report.removed == 1 and "2012-mei-fne" not in report.documents
    assert not (model_dir / "2012-mei-fne.json").exists()
    assert not Path("output/2012/decreto-2012-mei-fne.txt").exists()
    assert set(models(Path("output"))) == set(ids) - {"2012-mei-fne"}


def test_a_failed_first_build_leaves_no_model_folder(copy: Path, edit):
    edit(Path("content/commitments/2012/fne.yaml"), "    stage: 2\n    priority: Mediana",
         "    stage: 2\n    priority: Bogus")
    with pytest.raises(UserError):
        decrees()
    assert not (Path("output") / MODELS).exists()


def test_documents_built_from_files_keep_their_models_too(copy: Path, tmp_path: Path):
    source = tmp_path / "otro.md"
    shutil.copy(CONTENT / "circulares" / "circular-39-2011.md", source)
    result = CliRunner().invoke(cli, ["--output", "output", "build", "document", str(source),
                                      "--format", "txt"])
    assert result.exit_code == 0, result.stderr
    [path] = (Path("output") / MODELS).glob("*.json")
    assert read_document_json(path.read_bytes()).document.meta.id == path.stem
