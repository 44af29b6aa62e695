"""``marco diff`` on a git project holding a copy of the bundled content (and
one 2009 commitment, so that one framework has both a Programa Marco and a
decree): which documents changed, each change at its block, renumbering
apart from text changes, the exit statuses, and the errors of bad input."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.review.command import write_redlines
from generator.review.diff import Review, review
from generator.review.sides import Build, Narrowing, revision_sides
from generator.writers.text import TextWriter

from conftest import CONTENT, FNE_2009, git

PROGRAMA_MARCO = "programa-marco-mei-2009"
DECREE_2009 = "2009-mei-fne"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["--content", str(project / "content"), "--output",
                                    str(project / "output"), "diff", "--color", "never",
                                    "-j", "1", *args])


def compare(project: Path, old: str = "HEAD", new: str | None = None, **narrowing) -> Review:
    with revision_sides(project / "content", project / "output", old, new,
                        Narrowing(**narrowing), Build(("docx",), 1)) as sides:
        return review(*sides)


def by_id(result: Review) -> dict:
    return {document.id: document for document in result.documents}


# ------------------------------------------------------------------ the case


def insert_and_edit_objectives(project: Path) -> None:
    """Compras (MEI 2009) gets an objective after its 4th; its 9th's text changes."""
    framework = project / "content" / "frameworks" / "mei-2009.yaml"
    edit(framework, "          - id: com-05\n",
         "          - id: com-04b\n            text: Publicar el plan anual de compras en el "
         "portal y actualizarlo cada trimestre.\n          - id: com-05\n")
    text = framework.read_text(encoding="utf-8")
    start = text.index("          - id: com-09\n")
    end = text.index("          - id: com-10\n")
    at = text.index("text: ", start) + len("text: ")
    words = text[at:end].split(" ")
    words[4] += " oportunamente"
    framework.write_text(text[:at] + " ".join(words) + text[end:], encoding="utf-8")


def test_inserted_and_edited_objectives_are_one_insertion_one_change_and_renumbering(
        project: Path):
    insert_and_edit_objectives(project)
    result = compare(project)
    documents = by_id(result)
    # the framework's documents only: its Programa Marco and the decree that
    # commits its Compras objectives (the circular and 2012 decrees are of another)
    assert set(documents) == {PROGRAMA_MARCO, DECREE_2009}
    assert all(document.status == "changed" for document in documents.values())

    programa = documents[PROGRAMA_MARCO]
    inserted = [c for c in programa.changes if c.action == "inserted"]
    changed = [c for c in programa.changes if c.action == "changed"]
    assert [(c.what, c.new) for c in inserted] == [
        ("row", "5 | Publicar el plan anual de compras en el portal y actualizarlo cada "
                "trimestre.")]
    assert not [c for c in programa.changes if c.action == "deleted"]
    objective_edits = [c for c in changed if "oportunamente" in c.new]
    assert len(objective_edits) == 1 and objective_edits[0].what == "row"
    assert objective_edits[0].new.startswith("10 | ")  # its new number, and no text change for it
    assert objective_edits[0].old.startswith("9 | ")
    # the only other change: Cuadro 1's count of Compras' objectives, 13 → 14
    counts = [c for c in changed if c is not objective_edits[0]]
    assert [(c.what, c.old.split(" | ")[-1], c.new.split(" | ")[-1]) for c in counts] == [
        ("row", "13", "14")]
    shifts = {shift.text() for shift in programa.shifts}
    assert shifts == {f"Compras, objetivo {n} → {n + 1}" for n in range(5, 14)}

    decree = documents[DECREE_2009]
    assert decree.changes == []  # its text only moved numbers
    assert [(s.text(), s.references) for s in decree.shifts] == [
        ("Compras, objetivo 5 → 6", 1), ("Compras, objetivo 9 → 10", 1)]
    assert decree.digest() == "2 numbers shifted"
    assert programa.digest() == "2 blocks changed, 1 inserted, 9 numbers shifted"


def test_the_cli_reports_it_and_exits_1(project: Path):
    insert_and_edit_objectives(project)
    result = run(project)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2 changed, 0 added, 0 removed, 41 unchanged"
    assert f"  changed  {DECREE_2009}: 2 numbers shifted" in lines
    assert "~ 10 | " in result.output and "{+oportunamente +}" in result.output
    assert "+ 5 | Publicar el plan anual de compras" in result.output
    assert "  Compras, objetivo 9 → 10 (1 reference)  [mei-2009/obj:compras.com-09]" in lines
    quiet = run(project, "-q")
    assert quiet.exit_code == 1
    assert quiet.output.splitlines() == lines[:3]


def test_a_system_count_in_the_circular_and_the_decrees_that_commit_it(project: Path):
    framework = project / "content" / "frameworks" / "mei-sma-2012.yaml"
    edit(framework, "          - id: md-02\n", "          - id: md-01b\n          - id: md-02\n")
    # the 2012 rules: Monitoreo del Desempeño is committed with all its objectives
    for commitment in (project / "content" / "commitments" / "2012").glob("*.yaml"):
        edit(commitment, "[md-01, md-02, md-03]", "[md-01, md-01b, md-02, md-03]")
    # and their evaluations give the new objective a result
    for evaluation in (project / "content" / "evaluations" / "2012").glob("*.yaml"):
        edit(evaluation, "      - objective: md-02\n",
             "      - objective: md-01b\n        met: true\n      - objective: md-02\n")
    documents = by_id(compare(project))
    circular = documents.pop("circular-39-2011")
    [count] = circular.changes  # Cuadro 1's row of the system
    assert count.what == "row" and "Monitoreo del Desempeño. (3 objetivos)" in count.old
    assert count.new == count.old.replace("(3 objetivos)", "(4 objetivos)")
    assert circular.shifts == []
    # as is the row of the 2012 Programa Marco's Cuadro 1
    programa = documents.pop("programa-marco-mei-sma-2012")
    [count] = programa.changes
    assert count.what == "row" and "3 objetivos" in count.old and "4 objetivos" in count.new
    # every 2012 decree commits the objectives 1-3 of Monitoreo del Desempeño,
    # now 1-4, and every evaluation decree evaluates them; the results, all met
    # as before, are the same
    assert len(documents) == 26
    assert sorted(d.id.split("-")[0] for d in documents.values()) == ["2012"] * 13 + \
        ["evaluacion"] * 13
    for decree in documents.values():
        rows = [c for c in decree.changes if c.what == "row"]
        assert [c.action for c in rows] == ["changed"]
        assert "Objetivos 1{+, 2+}, 3 y 4" in TextWriter().blocks_lines([rows[0].block])[-1]
        if decree.id.startswith("2012-"):
            assert len(decree.changes) == 1
        assert [s.text() for s in decree.shifts] == [
            "Monitoreo del Desempeño, objetivo 2 → 3", "Monitoreo del Desempeño, objetivo 3 → 4"]


def test_unchanged_content_is_no_changes(project: Path):
    result = run(project)
    assert result.exit_code == 0, result.output
    assert result.output == "no changes (43 documents)\n"


def test_a_commitment_file_added_is_a_decree_added(project: Path):
    added = project / "content" / "commitments" / "2009" / "inapi.yaml"
    added.write_text(FNE_2009.replace("fne", "inapi"), encoding="utf-8")
    result = run(project)
    assert result.exit_code == 1, result.output
    assert "  added    2009-mei-inapi: added" in result.output.splitlines()
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "inapi")
    back = run(project, "HEAD", "HEAD~1")  # from the newer revision to the older
    assert "  removed  2009-mei-inapi: removed" in back.output.splitlines()


def test_two_revisions_and_the_raw_diff(project: Path):
    edit(project / "content" / "circulares" / "circular-39-2011.md",
         "(@) Una vez aprobado el Programa Marco", "(@) Una vez revisado y aprobado el Programa Marco")
    git(project, "commit", "-q", "-am", "circular")
    result = run(project, "HEAD~1", "HEAD")
    assert result.exit_code == 1
    assert "{+revisado y +}" in result.output
    raw = run(project, "HEAD~1", "HEAD", "--raw")
    assert any(line.startswith("+") and "revisado y aprobado" in line
               for line in raw.output.splitlines())
    assert run(project, "HEAD", "HEAD").output == "no changes (43 documents)\n"


def test_narrowing(project: Path):
    insert_and_edit_objectives(project)
    decrees = run(project, "--kind", "decrees", "--year", "2009")
    assert decrees.output.splitlines()[0] == "1 changed, 0 added, 0 removed, 0 unchanged"
    programa = run(project, "--kind", "programa-marco", "-q")
    # MEI 2009's document; those of 2012 and of the PMG are unchanged
    assert programa.output.splitlines()[0] == "1 changed, 0 added, 0 removed, 2 unchanged"


# ------------------------------------------------------------------ bad input


def test_an_unknown_revision(project: Path):
    result = run(project, "no-such-rev")
    assert result.exit_code == 2
    assert result.output == "marco diff: error: unknown revision 'no-such-rev'\n"


def test_a_revision_whose_content_fails(project: Path):
    edit(project / "content" / "frameworks" / "mei-2009.yaml", "  min_weight: 5\n",
         "  min_weight: cinco\n")
    git(project, "commit", "-q", "-am", "broken")
    before = set(Path(tempfile.gettempdir()).glob("marco-diff-*"))
    result = run(project, "HEAD", "HEAD~1")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors and all(line.startswith("HEAD:content/frameworks/mei-2009.yaml:")
                          for line in errors), result.output
    assert "Traceback" not in result.output
    assert set(Path(tempfile.gettempdir()).glob("marco-diff-*")) == before
    assert git(project, "status", "--porcelain") == ""


def test_not_output_folders(project: Path, tmp_path: Path):
    result = CliRunner().invoke(cli, ["diff", "--outputs", str(tmp_path), str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"marco diff: error: {tmp_path}: not an output folder")
    assert len(result.output.splitlines()) == 1


def test_outputs_of_two_versions_of_marco(project: Path, tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(project / "output" / ".marco" / "diff" / "new", a)
    shutil.copytree(a, b)
    model = b / ".marco" / "model" / f"{DECREE_2009}.json"
    data = json.loads(model.read_text(encoding="utf-8"))
    data["engine"] = "0" * 64
    model.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", "--outputs", str(a), str(b)])
    assert result.exit_code == 2
    assert "were built by different versions of marco" in result.output
    same = CliRunner().invoke(cli, ["diff", "--outputs", str(a), str(a)])
    assert (same.exit_code, same.output) == (0, "no changes (43 documents)\n")


def test_not_a_git_repository(tmp_path: Path):
    shutil.copytree(CONTENT, tmp_path / "content")
    result = CliRunner().invoke(cli, ["--content", str(tmp_path / "content"), "diff"])
    assert result.exit_code == 2
    assert "not in a git repository" in result.output


# ------------------------------------------------------------------ redlines


def test_redlines_are_written_for_changed_documents(project: Path, tmp_path: Path):
    insert_and_edit_objectives(project)
    written = write_redlines(compare(project), tmp_path / "redlines")
    assert sorted(p.name for p in written) == [f"decreto-{DECREE_2009}-redline.docx",
                                               f"{PROGRAMA_MARCO}-redline.docx"]
