"""`marco check` on the bundled content: the content, every decree and the
bundled documents are checked, and a data change that breaks a document is
reported where the document is."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import cli


def test_bundled_content_passes(copy):
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("ok: 3 frameworks, 28 systems, 75 objectives, 18 institutions, "
                             "18 commitments; 42 documents (decrees 18, evaluation-decrees 18, "
                             "results 1, circulars 1, programa-marco 3, guides 1)\n")
    assert not (copy.parent / "output").exists()


def test_a_broken_reference_in_a_circular_is_found_without_building(copy):
    circular = copy / "circulares" / "circular-39-2011.md"
    lines = circular.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if "([@tbl:sistemas])" in line)
    lines[index] = lines[index].replace("[@tbl:sistemas]", "[@tbl:sistema]")
    circular.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"content/circulares/circular-39-2011.md:{index + 1}: error: unknown label "
        "'tbl:sistema' (did you mean 'tbl:sistemas'?)",
        "1 error; nothing was written."]


def test_a_decree_template_error_is_found_once_per_decree_line(copy):
    template = copy / "decrees" / "compromisos.md"
    template.write_text(template.read_text().replace("[@tbl:compromisos]:", "[@tbl:compromiso]:"))
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()[:-1]
    assert len(errors) == 1 and "unknown label 'tbl:compromiso'" in errors[0]
    assert errors[0].startswith("content/decrees/compromisos.md:")
