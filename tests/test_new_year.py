"""Next year's framework and circular (generator/scaffold.py, ``marco new``),
and the years a framework's or a document's text may not type
(generator/load/years.py): a title writes its year as ``{year}``, and a
phrase that claims a year other than the framework's is an error at its
line."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.assemble.circular import count_label
from generator.cli import cli
from generator.load.content import load_content

FRAMEWORK = Path("frameworks") / "mei-sma-2012.yaml"
NEXT_FRAMEWORK = Path("frameworks") / "mei-sma-2013.yaml"
CIRCULAR = Path("circulares") / "circular-39-2011.md"
NEXT_CIRCULAR = Path("circulares") / "circular-39-2012.md"
DECREE = """\
decree:
  number: "1.250"
  date: 2011-12-20
  ministry: Ministerio de Hacienda

"""


def marco(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--content", str(root), *args])


def line_of(path: Path, text: str) -> int:
    """The line of the first occurrence of ``text`` in ``path``."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def check_errors(root: Path) -> list[str]:
    """The error lines of ``marco check`` on content expected to fail."""
    result = marco(root, "check")
    assert result.exit_code == 1, (result.output, result.exception)
    assert "Traceback" not in result.stderr
    *lines, count = result.stderr.splitlines()
    assert count == f"{len(lines)} error{'s' if len(lines) != 1 else ''}; nothing was written."
    return lines


def new_year(root: Path) -> tuple[list[str], list[str]]:
    """``marco new framework`` then ``marco new circular`` for 2013; their reports."""
    made = marco(root, "new", "framework", "--from", "mei-sma-2012", "--year", "2013")
    assert made.exit_code == 0, (made.output, made.exception)
    copied = marco(root, "new", "circular", "--from", "circular-39-2011")
    assert copied.exit_code == 0, (copied.output, copied.exception)
    return made.stdout.splitlines(), copied.stdout.splitlines()


def test_the_bundled_titles_compose_their_year(copy: Path) -> None:
    frameworks = {f.id: f for f in load_content(copy).frameworks}
    assert frameworks["mei-2009"].title.endswith("Institucional, año 2009")
    assert frameworks["mei-sma-2012"].short_title.endswith("de la SMA, año 2012")
    assert "año {year}" in (copy / FRAMEWORK).read_text(encoding="utf-8")


def test_next_years_circular_follows_the_new_framework_in_every_year_and_count(
        copy: Path, edit) -> None:
    framework_report, circular_report = new_year(copy)
    new = copy / NEXT_FRAMEWORK
    text = new.read_text(encoding="utf-8")
    old = (copy / FRAMEWORK).read_text(encoding="utf-8")
    assert text == old.replace("id: mei-sma-2012", "id: mei-sma-2013").replace(
        "\nyear: 2012\n", "\nyear: 2013\n")
    assert framework_report[0] == ("wrote content/frameworks/mei-sma-2013.yaml: framework "
                                   "'mei-sma-2013', year 2013, from 'mei-sma-2012'")
    at = f"  content/{NEXT_FRAMEWORK}"
    assert (f"{at}:{line_of(new, 'year: 2013')}: decree: the number and date of the decree "
            "that approves the 2013 Programa Marco, once signed") in framework_report
    assert (f"{at}:{line_of(new, 'new: true')}: system 'monitoreo-desempeno' is marked new: "
            "is it new in 2013?") in framework_report
    assert any(line.endswith("system 'gestion-calidad-iso' is voluntary: is it still in 2013?")
               for line in framework_report)
    assert any(line.startswith(f"{at}:1: names 2012: «# Programa Marco 2012 of the MEI")
               for line in framework_report)
    assert any(": date: 2012-09-15 (a Saturday) is the copied circular's date moved on a year"
               in line for line in circular_report)
    assert any(": number: CIRC. N° 39 is the copied circular's" in line
               for line in circular_report)

    # the analyst's edits of the new year: Auditoría loses a stage, Seguridad
    # de la Información is no longer new
    edit(new, "          - id: aud-e4\n", "")
    edit(new, "        name: Sistema de Seguridad de la Información\n        new: true\n",
         "        name: Sistema de Seguridad de la Información\n")
    result = marco(copy, "check")
    assert result.exit_code == 0, result.output
    built = marco(copy, "--output", "output", "build", "circulars", "--format", "txt")
    assert built.exit_code == 0, built.output
    circular = Path("output/circulares/circular-39-2012.txt").read_text(encoding="utf-8")

    lines = circular.splitlines()
    assert lines[3].startswith("MAT.: Programa Marco de Metas de Eficiencia Institucional")
    assert lines[3].endswith("de la SMA, año 2013.")
    claimed = re.findall(r"\b(?:año|marco) (\d{4})\b", circular, re.IGNORECASE)
    assert len(claimed) >= 8 and set(claimed) == {"2013"}
    # 2012 is the year the circular is signed in (its stamp, the deadline); 2010
    # the DFL's, 2008 the ISO 9001 standard's
    assert set(re.findall(r"\b(?:19|20)\d\d\b", circular)) == {"2008", "2010", "2012", "2013"}
    assert [line for line in lines if re.search(r"\b2012\b", line)] == [
        "SANTIAGO, 15 SEP 2012",
        next(line for line in lines if line.startswith("10) ")),
    ]
    assert "hasta el próximo 23 de septiembre de 2012." in circular
    framework = next(f for f in load_content(copy).frameworks if f.id == "mei-sma-2013")
    for _, system in framework.systems():
        assert f"{system.name}. ({count_label(system)})" in circular
    assert "Auditoría. (3 etapas)" in circular
    assert ("6) Existen en este programa marco dos nuevos sistemas: Sistema Monitoreo del "
            "Desempeño y Sistema de Calidad Asociado al Modelo de Excelencia.") in lines


def test_a_stale_year_in_a_frameworks_title_is_an_error(copy: Path, edit) -> None:
    new_year(copy)
    new = copy / NEXT_FRAMEWORK
    edit(new, "institucionales de la SMA, año {year}\n", "institucionales de la SMA, año 2012\n")
    line = line_of(new, "title: Programa Marco de Metas")
    assert check_errors(copy) == [f"content/{NEXT_FRAMEWORK}:{line}: error: the title says "
                                  "2012 but the framework's year is 2013"]


def test_stale_years_in_a_frameworks_texts_are_errors(copy: Path, edit) -> None:
    path = copy / FRAMEWORK
    edit(path, "calidad de servicio de la SMA, año {year}",
         "calidad de servicio de la SMA, año 2011")
    edit(path, "        name: Auditoría\n        general_objective: Crear",
         "        name: Auditoría\n        general_objective: Para el año 2011, crear")
    assert check_errors(copy) == [
        f"content/{FRAMEWORK}:{line_of(path, 'short_title:')}: error: the short title says "
        "2011 but the framework's year is 2012",
        f"content/{FRAMEWORK}:{line_of(path, 'Para el año 2011')}: error: the general "
        "objective of system 'auditoria' says 2011 but the framework's year is 2012",
    ]


def test_a_title_takes_no_placeholder_but_year(copy: Path, edit, errors) -> None:
    path = copy / FRAMEWORK
    edit(path, "calidad de servicio de la SMA, año {year}\n",
         "calidad de servicio de la SMA, año {año}\n")
    line = line_of(path, "short_title:")
    [error] = errors(copy)
    assert error.startswith(f"content/{FRAMEWORK}:{line}: error: short_title: braces other "
                            "than {year} (the only placeholder)")


def test_stale_years_in_a_documents_title_and_prose_are_errors(copy: Path, edit) -> None:
    new_year(copy)
    path = copy / NEXT_CIRCULAR
    edit(path, "title: Propuesta del Programa Marco de las MEI",
         "title: Propuesta del Programa Marco 2012 de las MEI")
    edit(path, "a lograr en el año {{ framework.year }}.", "a lograr para el año 2012.")
    assert check_errors(copy) == [
        f"content/{NEXT_CIRCULAR}:4: error: the title says 2012 but the framework's year is "
        "2013",
        f"content/{NEXT_CIRCULAR}:{line_of(path, 'para el año 2012.')}: error: the text says "
        "2012 but the framework's year is 2013",
    ]


def test_other_years_are_no_claim_to_be_the_frameworks(copy: Path, edit) -> None:
    edit(copy / CIRCULAR, "\nSaluda atentamente a Ud.\n",
         "\nEl proceso se inició el año 2005, conforme al Decreto N° 475, de 1998, y a la Ley "
         "N° 20.212, de 2007.\n\nSaluda atentamente a Ud.\n")
    result = marco(copy, "check")
    assert result.exit_code == 0, result.output


def test_a_decree_is_left_out_of_the_copy(copy: Path, edit) -> None:
    edit(copy / FRAMEWORK, "\n# Cuadro 2 (", f"\n{DECREE}# Cuadro 2 (")
    report, _ = new_year(copy)
    text = (copy / NEXT_FRAMEWORK).read_text(encoding="utf-8")
    assert not re.search(r"^decree:", text, re.M) and "1.250" not in text
    line = line_of(copy / NEXT_FRAMEWORK, "# decree: the decree that approves it")
    assert (f"  content/{NEXT_FRAMEWORK}:{line}: decree: the number and date of the decree "
            "that approves the 2013 Programa Marco, once signed") in report
    assert marco(copy, "check").exit_code == 0


def test_nothing_is_overwritten_or_made_from_what_is_not_there(copy: Path) -> None:
    new_year(copy)
    before = (copy / NEXT_FRAMEWORK).read_bytes()
    again = marco(copy, "new", "framework", "--from", "mei-sma-2012", "--year", "2013")
    assert again.exit_code == 2 and "Traceback" not in again.output
    assert ("the mei framework for 2013 exists already: 'mei-sma-2013' "
            f"(content/{NEXT_FRAMEWORK})") in again.stderr
    assert (copy / NEXT_FRAMEWORK).read_bytes() == before
    twice = marco(copy, "new", "circular", "--from", "circular-39-2011")
    assert twice.exit_code == 2
    assert f"content/{NEXT_CIRCULAR} exists already (marco new never overwrites a file)" \
        in twice.stderr
    unknown = marco(copy, "new", "framework", "--from", "mei-sma-2021", "--year", "2014")
    assert unknown.exit_code == 2
    assert "unknown framework 'mei-sma-2021' (did you mean 'mei-sma-201" in unknown.stderr
    ahead = marco(copy, "new", "circular", "--from", str(copy / NEXT_CIRCULAR))
    assert ahead.exit_code == 2
    assert ("no 2014 framework for mei, sma: make it with 'marco new framework --from "
            "mei-sma-2013 --year 2014', or name the framework with --framework") in ahead.stderr
    assert sorted(p.name for p in (copy / "circulares").iterdir()) == [
        "circular-39-2011.md", "circular-39-2012.md"]


def test_quiet_writes_the_copy_and_prints_nothing(copy: Path) -> None:
    result = marco(copy, "new", "framework", "--from", "mei-2009", "--year", "2010", "-q")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    framework = next(f for f in load_content(copy).frameworks if f.id == "mei-2010")
    assert framework.title == "Programa Marco de las Metas de Eficiencia Institucional, año 2010"
