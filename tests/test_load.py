"""Loading a content tree: the valid fixture, the bundled content, and every
kind of bad input reported as ``path:line: error: message`` with exit status 1
(the ``errors`` fixture runs ``marco check`` and ``load_content`` both)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from generator.errors import Pos, UserError
from generator.load.content import load_content

C09 = "commitments/2009/superintendencia-de-salud.yaml"
C12 = "commitments/2012/superintendencia-de-salud.yaml"
F12 = "frameworks/mei-2012.yaml"
INST = "institutions.yaml"
ID_HINT = ("(expected lowercase ASCII letters, digits and single hyphens, "
           "e.g. 'superintendencia-de-salud')")

# --- the valid fixture --------------------------------------------------------


def test_fixture_loads(content):
    loaded = load_content(content)
    assert sorted(loaded.mechanisms) == ["mei", "pmg", "sma"]
    assert [m.id for m in loaded.ministries] == ["salud", "medio-ambiente"]
    assert list(loaded.services) == [
        "superintendencia-de-salud", "instituto-de-salud-publica",
        "superintendencia-del-medio-ambiente"]
    assert [f.id for f in loaded.frameworks] == ["mei-2009", "mei-2012"]
    assert len(loaded.commitments) == 3
    assert loaded.summary() == (
        "2 frameworks, 7 systems, 17 objectives, 3 institutions, 3 commitments")


def test_framework_mappings_hold_only_their_entries(content):
    framework = load_content(content).framework_for("sma", 2012)
    assert framework.id == "mei-2012"
    assert framework.experts == {"dipres": "Dirección de Presupuestos",
                                 "segpres": "Ministerio Secretaría General de la Presidencia"}
    assert framework.footnotes == {"ley": "Ley N° 20.212, de 2007."}
    assert framework.decree.date == dt.date(2011, 9, 15)
    assert framework.decree.number == "1234"
    assert [t.increase for t in framework.rules.tiers] == [Decimal("7.6"), Decimal("3.8"), 0]


def test_models_remember_their_lines(content):
    loaded = load_content(content)
    commitment = next(c for c in loaded.commitments if c.year == 2012 and c.mechanism == "mei")
    assert commitment.pos() == Pos(f"content/{C12}", 1)
    assert commitment.items[1].pos("stage") == Pos(f"content/{C12}", 12)
    assert commitment.items[0].pos("objectives", 2) == Pos(f"content/{C12}", 8)
    framework = loaded.framework_for("mei", 2012)
    assert framework.system("compras").pos("id") == Pos(f"content/{F12}", 47)


def test_numbers_are_positions_not_data(content):
    framework = load_content(content).framework_for("mei", 2012)
    assert [a.id for a in framework.areas] == ["planificacion", "gestion", "calidad"]
    assert [s.id for _, s in framework.systems()] == [
        "monitoreo", "seguridad", "compras", "calidad-iso"]
    assert [len(s.stages) for _, s in framework.systems()] == [0, 4, 3, 2]


# --- the bundled content --------------------------------------------------------

REAL = Path(__file__).resolve().parent.parent / "content"


def _transcribed() -> bool:
    """The institutions and the 2009 and 2012 frameworks are in ``content/``."""
    texts = [p.read_text(encoding="utf-8", errors="replace")
             for p in (REAL / "frameworks").glob("*.yaml")]
    return ((REAL / "institutions.yaml").is_file()
            and any("id: mei-2009" in t for t in texts)
            and any("\nyear: 2012" in t for t in texts))


needs_real = pytest.mark.skipif(not _transcribed(),
                                reason="the bundled content is not transcribed yet")


@pytest.fixture(scope="module")
def real():
    return load_content(REAL)


@needs_real
def test_real_content_loads(real):
    assert real.frameworks and real.ministries


@needs_real
def test_real_mei_2009_has_6_systems(real):
    framework = next(f for f in real.frameworks if f.id == "mei-2009")
    assert framework.year == 2009
    assert len(list(framework.systems())) == 6


@needs_real
def test_real_2012_framework_has_4_areas_and_11_systems(real):
    framework = real.framework_for("mei", 2012)
    assert framework is not None
    assert len(framework.areas) == 4
    assert len(list(framework.systems())) == 11


@needs_real
def test_real_institutions(real):
    assert len(real.ministries) == 7
    assert len(real.services) == 18  # 13 of source 000, 5 PMG examples


# --- files and folders ----------------------------------------------------------


def test_content_folder_not_found(tmp_path, monkeypatch, errors):
    monkeypatch.chdir(tmp_path)
    assert errors(Path("nowhere")) == ["nowhere: error: content folder not found"]


@pytest.mark.parametrize("name", ["mechanisms.yaml", "institutions.yaml"])
def test_required_file_missing(content, errors, name):
    (content / name).unlink()
    lines = errors(content)
    assert lines[0] == f"content/{name}: error: required file is missing"


def test_empty_commitment_file(content, errors):
    (content / C09).write_text("# nothing yet\n")
    assert errors(content) == [
        f"content/{C09}:1: error: document: wrong type (got nothing, expected a mapping)"]


def test_top_level_list(content, errors):
    (content / C09).write_text("- a\n- b\n")
    assert errors(content) == [
        f"content/{C09}:1: error: document: wrong type (got a list, expected a mapping)"]


def test_institutions_without_ministries_list(content, errors):
    (content / INST).write_text("ministerios: []\n")
    assert errors(content) == [
        "content/institutions.yaml:1: error: expected a mapping with a 'ministries' list"]


def test_institutions_ministries_not_a_list(content, errors):
    (content / INST).write_text("ministries: 3\n")
    assert errors(content) == [
        "content/institutions.yaml:1: error: ministries: wrong type (got 3, expected a list)"]


def test_institutions_unknown_top_level_field(content, errors, edit):
    edit(content / INST, "ministries:\n", "ministerios: []\nministries:\n")
    assert errors(content) == ["content/institutions.yaml:1: error: ministerios: unknown field"]


def test_list_entry_not_a_mapping(content, errors, edit):
    edit(content / INST, "  - id: medio-ambiente\n", "  - 3\n  - id: medio-ambiente\n")
    assert errors(content) == [
        "content/institutions.yaml:22: error: ministries.1: wrong type (got 3, expected a mapping)"]


def test_a_folder_named_like_a_file(content, errors):
    (content / "frameworks" / "x.yaml").mkdir()
    assert errors(content) == [
        "content/frameworks/x.yaml: error: a folder where a file is expected"]


# --- malformed YAML through the loader -------------------------------------------


def test_bad_indentation(content, errors, edit):
    edit(content / C09, "year: 2009\n", "year: 2009\n  mechanism: mei\n")
    assert errors(content) == [
        f"content/{C09}:3: error: malformed YAML: mapping values are not allowed in this context"]


def test_unclosed_bracket(content, errors, edit):
    edit(content / C09, "[informe]", "[informe")
    assert errors(content) == [
        f"content/{C09}:10: error: malformed YAML: while parsing a flow sequence: "
        "did not find expected ',' or ']' (at line 11)"]


def test_duplicate_key(content, errors, edit):
    edit(content / C09, "    weight: 45\n", "    weight: 45\n    weight: 40\n")
    assert errors(content) == [f"content/{C09}:13: error: duplicate key 'weight' (first at line 12)"]


def test_tab_character(content, errors, edit):
    edit(content / C09, "    priority: Mediana", "\tpriority: Mediana")
    assert errors(content) == [
        f"content/{C09}:11: error: malformed YAML: tab character (indent with spaces)"]


def test_not_utf8(content, errors):
    (content / C09).write_bytes(
        "institution: superintendencia-de-salud\nyear: 2009 # año\n".encode("latin-1"))
    assert errors(content) == [
        f"content/{C09}:2: error: not UTF-8 text (invalid continuation byte: byte 0xf1)"]


def test_invalid_date(content, errors, edit):
    edit(content / F12, "date: 2011-09-15", "date: 2011-13-15")
    assert errors(content) == [
        f"content/{F12}:7: error: invalid date '2011-13-15' (month must be in 1..12)"]


def test_a_broken_institutions_file_is_one_error(content, errors, edit):
    edit(content / INST, "    name: Ministerio de Salud\n", "    name: [Ministerio de Salud\n")
    assert errors(content) == [
        "content/institutions.yaml:3: error: malformed YAML: while parsing a flow sequence: "
        "did not find expected ',' or ']' (at line 4)"]


# --- wrong types, missing and unknown fields ----------------------------------------


def test_weight_not_a_number(content, errors, edit):
    edit(content / C09, "weight: 45", 'weight: "abc"')
    assert errors(content) == [
        f"content/{C09}:12: error: items.1.weight: wrong type (got 'abc', expected a number)"]


def test_weight_decimal_comma(content, errors, edit):
    edit(content / C09, "weight: 45", "weight: 44,5")
    assert errors(content) == [
        f"content/{C09}:12: error: items.1.weight: wrong type (got '44,5', expected a number)"]


def test_weight_bool(content, errors, edit):
    edit(content / C09, "weight: 45", "weight: true")
    assert errors(content) == [
        f"content/{C09}:12: error: items.1.weight: wrong type (got True, expected a number)"]


def test_weight_zero(content, errors, edit):
    edit(content / C09, "weight: 5\n", "weight: 0\n")
    assert errors(content) == [
        f"content/{C09}:16: error: items.2.weight: input should be greater than 0 (got 0)"]


def test_weight_over_100(content, errors, edit):
    edit(content / C09, "weight: 50", "weight: 101")
    assert errors(content) == [
        f"content/{C09}:8: error: items.0.weight: input should be less than or equal to 100 "
        "(got 101)"]


def test_year_not_a_number(content, errors, edit):
    edit(content / C09, "year: 2009", 'year: "x"')
    assert errors(content) == [
        f"content/{C09}:2: error: year: wrong type (got 'x', expected a whole number)"]


def test_year_out_of_range(content, errors, edit):
    edit(content / C09, "year: 2009", "year: 209")
    assert errors(content) == [
        f"content/{C09}:2: error: year: input should be greater than or equal to 1998 (got 209)"]


def test_items_not_a_list(content, errors):
    (content / C09).write_text(
        "institution: superintendencia-de-salud\nyear: 2009\nmechanism: mei\nitems: capacitacion\n")
    assert errors(content) == [
        f"content/{C09}:4: error: items: wrong type (got 'capacitacion', expected a list)"]


def test_items_empty(content, errors):
    (content / C09).write_text(
        "institution: superintendencia-de-salud\nyear: 2009\nmechanism: mei\nitems: []\n")
    assert errors(content) == [f"content/{C09}:4: error: items: must not be empty"]


def test_item_not_a_mapping(content, errors, edit):
    edit(content / C09, "  - system: oirs\n", "  - oirs\n  - system: oirs\n")
    assert errors(content) == [
        f"content/{C09}:13: error: items.2: wrong type (got 'oirs', expected a mapping)"]


def test_invalid_priority(content, errors, edit):
    edit(content / C09, "priority: Mediana", "priority: Media")
    assert errors(content) == [
        f"content/{C09}:11: error: items.1.priority: invalid value 'Media' "
        "(expected one of 'Alta', 'Mediana' or 'Menor')"]


def test_date_not_a_date(content, errors, edit):
    edit(content / F12, "date: 2011-09-15", "date: ayer")
    assert errors(content) == [
        f"content/{F12}:7: error: decree.date: wrong type (got 'ayer', expected a date (YYYY-MM-DD))"]


def test_missing_required_field(content, errors, edit):
    edit(content / C09, "    priority: Mediana\n", "")
    assert errors(content) == [f"content/{C09}:9: error: items.1.priority: missing required field"]


def test_missing_top_level_field(content, errors, edit):
    edit(content / C09, "mechanism: mei\n", "")
    assert errors(content) == [f"content/{C09}:1: error: mechanism: missing required field"]


def test_missing_field_of_a_nested_model(content, errors, edit):
    edit(content / INST, "          office: Superintendente de Salud\n", "")
    assert errors(content) == [
        "content/institutions.yaml:12: error: services.0.head.office: missing required field"]


def test_unknown_field(content, errors, edit):
    edit(content / C09, "mechanism: mei\n", "mechanism: mei\ncolor: red\n")
    assert errors(content) == [f"content/{C09}:4: error: color: unknown field"]


def test_unknown_field_in_a_framework_system(content, errors, edit):
    edit(content / F12, "        voluntary: true\n", "        voluntary: true\n        volutary: true\n")
    assert errors(content) == [
        f"content/{F12}:62: error: areas.2.systems.0.volutary: unknown field"]


# --- ids and slugs --------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["../x", "a/b", "ñandú", "Upper", "a--b", "-a", "a-", "a b", "a_b"])
def test_bad_slugs(content, errors, edit, slug):
    edit(content / INST, "slug: instituto-de-salud-publica", f"slug: '{slug}'")
    assert errors(content) == [
        f"content/institutions.yaml:15: error: services.1.slug: invalid id '{slug}' {ID_HINT}"]


def test_pattern_other_than_an_id_is_not_called_an_id(content, errors, edit):
    edit(content / INST, "article: el", "article: Los")
    assert errors(content) == [
        "content/institutions.yaml:17: error: services.1.article: invalid value 'Los' "
        "(expected text matching ^(el|la|los|las)$)"]


def test_bad_id_in_a_list(content, errors, edit):
    edit(content / C09, "[plan-anual, ejecucion]", "[plan-anual, Ejecución]")
    assert errors(content) == [
        f"content/{C09}:6: error: items.0.objectives.1: invalid id 'Ejecución' {ID_HINT}"]


def test_bad_key_of_a_mapping(content, errors, edit):
    edit(content / F12, "  segpres: Ministerio", "  SEGPRES: Ministerio")
    assert errors(content) == [
        f"content/{F12}:10: error: experts.SEGPRES.[key]: invalid id 'SEGPRES' {ID_HINT}"]


# --- many problems at once ---------------------------------------------------------------


def test_several_files_reported_together_and_sorted(content, errors, edit):
    edit(content / C12, "weight: 20", 'weight: "veinte"')
    edit(content / C09, "[informe]", "[informe")
    edit(content / INST, "slug: instituto-de-salud-publica", "slug: Instituto")
    edit(content / F12, "year: 2012\n", "year: 2012\nanio: 2012\n")
    edit(content / "mechanisms.yaml", "    acronym: MEI\n", "")
    assert errors(content) == [
        f"content/{C09}:10: error: malformed YAML: while parsing a flow sequence: "
        "did not find expected ',' or ']' (at line 11)",
        f"content/{C12}:14: error: items.1.weight: wrong type (got 'veinte', expected a number)",
        f"content/{F12}:4: error: anio: unknown field",
        f"content/institutions.yaml:15: error: services.1.slug: invalid id 'Instituto' {ID_HINT}",
        "content/mechanisms.yaml:8: error: acronym: missing required field",
    ]


def test_several_problems_in_one_file_sorted_by_line(content, errors, edit):
    edit(content / C09, "weight: 5\n", "weight: cinco\n")
    edit(content / C09, "year: 2009", "year: dos mil")
    edit(content / C09, "    priority: Alta\n", "")
    assert errors(content) == [
        f"content/{C09}:2: error: year: wrong type (got 'dos mil', expected a whole number)",
        f"content/{C09}:5: error: items.0.priority: missing required field",
        f"content/{C09}:15: error: items.2.weight: wrong type (got 'cinco', expected a number)",
    ]


def test_load_content_raises_user_error_with_problems(content, edit):
    edit(content / C09, "year: 2009", 'year: "x"')
    with pytest.raises(UserError) as info:
        load_content(content)
    [problem] = info.value.problems
    assert problem.pos == Pos(f"content/{C09}", 2)


def test_absolute_content_path_prints_relative(content, tmp_path, errors, edit):
    edit(content / C09, "year: 2009", 'year: "x"')
    assert errors(tmp_path / "content") == [
        f"content/{C09}:2: error: year: wrong type (got 'x', expected a whole number)"]


def test_content_outside_the_working_folder_prints_as_given(content, tmp_path, monkeypatch,
                                                            errors, edit):
    edit(content / C09, "year: 2009", 'year: "x"')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    root = tmp_path / "content"
    assert errors(root) == [
        f"{root}/{C09}:2: error: year: wrong type (got 'x', expected a whole number)"]


def test_fixture_is_untouched():
    """The tests above edit copies only."""
    assert load_content(Path(__file__).parent / "fixtures" / "content-min").summary() == (
        "2 frameworks, 7 systems, 17 objectives, 3 institutions, 3 commitments")


def test_duplicate_mechanism(content, errors, edit):
    edit(content / "mechanisms.yaml", "  - key: sma\n", "  - key: mei\n")
    assert errors(content) == ["content/mechanisms.yaml:14: error: duplicate mechanism 'mei'"]
