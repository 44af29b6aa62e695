"""``marco check``: the summary line on valid content, only error lines and the
count on bad content, exit status 1, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

C09 = "commitments/2009/superintendencia-de-salud.yaml"
C12 = "commitments/2012/superintendencia-de-salud.yaml"
SUMMARY = ("ok: 2 frameworks, 7 systems, 17 objectives, 3 institutions, 3 commitments; "
           "0 documents (decrees 0, evaluation-decrees 0, results 0, circulars 0, "
           "programa-marco 0, guides 0)\n")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_valid_content_prints_the_summary(content):
    result = run("--content", str(content), "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == SUMMARY
    assert result.stderr == ""


def test_quiet_prints_nothing(content):
    result = run("-q", "--content", str(content), "check")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_quiet_after_the_command_too(content):
    result = run("--content", str(content), "check", "-q")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_verbose_prints_the_summary(content):
    result = run("-v", "--content", str(content), "check")
    assert result.exit_code == 0
    assert result.stdout == SUMMARY


def test_default_content_folder_is_content(content):
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == SUMMARY


def test_one_error_and_its_count(content, edit):
    edit(content / C09, "weight: 45", "weight: 40")
    result = run("--content", "content", "check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"content/{C09}:4: error: weights sum to 95 % (expected 100 %)\n"
                             "1 error; nothing was written.\n")


def test_quiet_still_prints_errors(content, edit):
    edit(content / C09, "weight: 45", "weight: 40")
    result = run("-q", "--content", "content", "check")
    assert result.exit_code == 1
    assert result.stderr == (f"content/{C09}:4: error: weights sum to 95 % (expected 100 %)\n"
                             "1 error; nothing was written.\n")


def test_errors_in_several_files_together_sorted_with_count(content, edit):
    edit(content / C12, "priority: Mediana", "priority: Media")
    edit(content / C09, "year: 2009", "year: 2009\nyear: 2009")
    edit(content / "institutions.yaml", "slug: instituto-de-salud-publica", "slug: ../x")
    edit(content / "frameworks/mei-2012.yaml", "title:", "titulo:")
    result = run("--content", "content", "check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"content/{C09}:3: error: duplicate key 'year' (first at line 2)",
        f"content/{C12}:13: error: items.1.priority: invalid value 'Media' "
        "(expected one of 'Alta', 'Mediana' or 'Menor')",
        "content/frameworks/mei-2012.yaml:1: error: title: missing required field",
        "content/frameworks/mei-2012.yaml:4: error: titulo: unknown field",
        "content/institutions.yaml:15: error: services.1.slug: invalid id '../x' (expected "
        "lowercase ASCII letters, digits and single hyphens, e.g. 'superintendencia-de-salud')",
        "5 errors; nothing was written.",
    ]


def test_missing_content_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("--content", "nowhere", "check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "nowhere: error: content folder not found\n1 error; nothing was written.\n"


@pytest.mark.parametrize("command", ["circulars", "programa-marco", "guides", "decrees"])
def test_a_build_without_its_content_folder_is_an_error(tmp_path, monkeypatch, command):
    """Not an empty build: a build from a folder without content says so."""
    monkeypatch.chdir(tmp_path)
    result = run("--content", "nowhere", "build", command)
    assert result.exit_code != 0 and result.stdout == ""
    assert "nowhere" in result.stderr and not (tmp_path / "output").exists()


def test_the_installed_command_in_a_real_process(content, edit):
    """The entry point as a user runs it: real stdout/stderr, no traceback."""
    edit(content / C09, "[informe]", "[informe")
    marco = Path(sys.executable).parent / "marco"
    command = [str(marco)] if marco.exists() else [sys.executable, "-m", "generator.cli"]
    done = subprocess.run([*command, "check"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"content/{C09}:10: error: malformed YAML: while parsing a flow sequence: "
        "did not find expected ',' or ']' (at line 11)\n1 error; nothing was written.\n")
