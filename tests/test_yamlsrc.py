"""YAML with source positions: lines of mappings, keys and list items, and one
located error for each kind of unreadable file."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Pos, Problem, UserError, did_you_mean, display_path
from generator.model.base import SRC, Src
from generator.load.yamlsrc import YamlProblem, line_of, load_yaml, parse_yaml


def problem_of(text: str, path: str = "f.yaml") -> str:
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text, path)
    return str(info.value.problem)


def test_positions_of_mappings_keys_and_items():
    data = parse_yaml("a: 1\nlist:\n  - x: 1\n    y: 2\n  - z\nnested:\n  k: v\n", "f.yaml")
    src = data[SRC]
    assert (src.path, src.line) == ("f.yaml", 1)
    assert src.key_lines == {"a": 1, "list": 2, "nested": 6}
    assert src.item_lines == {"list": [3, 5]}
    assert data["list"][0][SRC].line == 3
    assert data["list"][0][SRC].key_lines == {"x": 3, "y": 4}
    assert data["nested"][SRC].line == 7
    assert data["a"] == 1 and data["list"][1] == "z" and data["nested"]["k"] == "v"


def test_src_at_falls_back_to_the_mapping_line():
    src = Src("f.yaml", 4, {"k": 5}, {"k": [6, 7]})
    assert src.pos == Pos("f.yaml", 4)
    assert src.at("k") == Pos("f.yaml", 5)
    assert src.at("k", 1) == Pos("f.yaml", 7)
    assert src.at("k", 2) == Pos("f.yaml", 5)
    assert src.at("missing") == Pos("f.yaml", 4)


def test_line_of_follows_a_pydantic_location():
    data = parse_yaml("items:\n  - system: a\n    weight: x\n  - system: b\n", "f.yaml")
    assert line_of(data, ("items", 0, "weight")) == 3
    assert line_of(data, ("items", 1)) == 4
    assert line_of(data, ("items", 1, "priority")) == 4  # missing key: its mapping
    assert line_of(data, ("items", 5)) == 1
    assert line_of(data, ()) == 0


def test_empty_text_is_none():
    assert parse_yaml("", "f.yaml") is None
    assert parse_yaml("# only a comment\n", "f.yaml") is None


def test_scalars_keep_their_yaml_types():
    data = parse_yaml("n: 5\nf: 7.5\nb: true\nd: 2011-09-15\ns: '5'\n", "f.yaml")
    assert [type(data[k]).__name__ for k in "nfbds"] == ["int", "float", "bool", "date", "str"]


def test_aliases_are_copied():
    data = parse_yaml("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert data["a"] == data["b"] == [1, 2]


def test_bad_indentation():
    assert problem_of("a: 1\nb: 2\n  c: 3\n") == (
        "f.yaml:3: error: malformed YAML: mapping values are not allowed in this context")


def test_unclosed_bracket_names_where_it_opened():
    assert problem_of("a: [1, 2\nb: 3\nc: 4\n") == (
        "f.yaml:1: error: malformed YAML: while parsing a flow sequence: "
        "did not find expected ',' or ']' (at line 2)")


@pytest.mark.parametrize("text, line", [
    ('a: 1\nb: "sin cerrar\nc: 3\nd: 4\n', 2),
    ("a: 1\nb: 'sin cerrar\n", 2),
    ('a: "sin cerrar', 1),
])
def test_unclosed_quote_is_reported_where_it_opens_never_past_the_end(text, line):
    assert problem_of(text) == (f"f.yaml:{line}: error: malformed YAML: while scanning a quoted "
                                "scalar: found unexpected end of stream")


def test_a_fault_past_the_last_line_is_reported_on_the_last_line():
    assert problem_of("a:\n  - [1, 2\n").startswith("f.yaml:2: error: malformed YAML: while ")


def test_duplicate_key():
    assert problem_of("a: 1\nb:\n  c: 1\n  c: 2\n") == (
        "f.yaml:4: error: duplicate key 'c' (first at line 3)")


@pytest.mark.parametrize("text, line", [
    ("a: 1\nb:\n\tc: 2\n", 3),          # tab as the whole indentation
    ("a:\n  - x\n\t- y\n", 3),          # tab before a list item
    ("a:\n  b: 1\n \tc: 2\n", 3),       # tab after spaces
])
def test_tab_characters(text, line):
    assert problem_of(text) == f"f.yaml:{line}: error: malformed YAML: tab character (indent with spaces)"


def test_tab_inside_a_quoted_value_is_text():
    assert parse_yaml('a: "x\ty"\n', "f.yaml")["a"] == "x\ty"


def test_control_character():
    assert problem_of("a: 1\nb: x\x00y\n") == (
        "f.yaml:2: error: malformed YAML: unacceptable character #x0000: "
        "control characters are not allowed")


def test_invalid_date():
    assert problem_of("a: 1\nd: 2011-13-15\n") == (
        "f.yaml:2: error: invalid date '2011-13-15' (month must be in 1..12)")


def test_recursive_alias():
    assert problem_of("a: 1\nb: &x [*x]\n") == "f.yaml:2: error: malformed YAML: recursive alias"


def test_two_documents():
    assert problem_of("a: 1\n---\nb: 2\n") == (
        "f.yaml:2: error: malformed YAML: expected a single document in the stream at line 1: "
        "but found another document")


def test_unknown_tag():
    assert problem_of("a: !!python/object:os.system x\n") == (
        "f.yaml:1: error: malformed YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object:os.system'")


def test_not_utf8_names_the_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = Path("latin1.yaml")
    path.write_bytes("a: 1\nname: ñandú\n".encode("latin-1"))
    with pytest.raises(YamlProblem) as info:
        load_yaml(path)
    assert str(info.value.problem) == (
        "latin1.yaml:2: error: not UTF-8 text (invalid continuation byte: byte 0xf1)")


def test_utf8_with_accents_reads(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("nombre: Ñandú — Región de Ñuble\n", encoding="utf-8")
    assert load_yaml(path)["nombre"] == "Ñandú — Región de Ñuble"


def test_a_folder_named_like_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("folder.yaml").mkdir()
    with pytest.raises(YamlProblem) as info:
        load_yaml(Path("folder.yaml"))
    assert str(info.value.problem) == "folder.yaml: error: a folder where a file is expected"


def test_display_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "content" / "x.yaml") == "content/x.yaml"
    assert display_path("/elsewhere/x.yaml") == "/elsewhere/x.yaml"


def test_did_you_mean():
    assert did_you_mean("segpress", ["dipres", "segpres"]) == " (did you mean 'segpres'?)"
    assert did_you_mean("zzz", ["dipres", "segpres"]) == ""
    assert did_you_mean("x", []) == ""


def test_user_error_sorts_and_drops_repeats():
    problems = [Problem(Pos("b.yaml", 1), "m"), Problem(Pos("a.yaml", 10), "m"),
                Problem(Pos("a.yaml", 9), "z"), Problem(Pos("a.yaml", 9), "a"),
                Problem(Pos("b.yaml", 1), "m")]
    assert str(UserError(problems)).splitlines() == [
        "a.yaml:9: error: a", "a.yaml:9: error: z", "a.yaml:10: error: m", "b.yaml:1: error: m"]


def test_position_without_line():
    assert str(Problem(Pos("content"), "content folder not found")) == (
        "content: error: content folder not found")
