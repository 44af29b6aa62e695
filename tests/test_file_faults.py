"""The file system is input too: an unreadable file, a dangling symbolic
link, a folder named like a content file and a file that vanishes during the
build are each a ``path: error:`` from `marco check` and from the build of
every kind, exit 1, no traceback, nothing written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import sources
from generator.cli import cli
from generator.kinds import KINDS

#: A source file of each kind, and the build that reads it.
SOURCES = {
    "decrees": "content/commitments/2012/fne.yaml",
    "evaluation-decrees": "content/evaluations/2012/fne.yaml",
    "results": "content/resultados/resultados-2012.md",
    "circulars": "content/circulares/circular-39-2011.md",
    "programa-marco": "content/programa-marco/mei-2009.md",
    "guides": "content/guias/gestion-territorial/guia.md",
    "oficios": "content/commitments/2012/fne.yaml",
    "formulation-letters": "content/institutions.yaml",
}
assert set(SOURCES) == {kind.command for kind in KINDS.values()}


def fails(args: list[str]) -> list[str]:
    """Run marco; require exit 1, no traceback, no output folder; the error lines."""
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.stderr
    assert not Path("output").exists()
    *errors, count = result.stderr.splitlines()
    assert count.endswith("; nothing was written.")
    return errors


def make_dangling(path: Path) -> None:
    path.unlink()
    path.symlink_to("desaparecido.txt")


def make_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def make_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root (CI) chmod does not stop reading: the read is refused as the
    kernel would refuse it."""
    target = path.resolve()
    read_bytes = Path.read_bytes

    def refused(self: Path) -> bytes:
        if self.resolve() == target:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refused)


FAULTS = {
    "dangling": ("dangling symbolic link (its target desaparecido.txt does not exist)",
                 lambda path, mp: make_dangling(path)),
    "folder": ("a folder where a file is expected", lambda path, mp: make_folder(path)),
    "unreadable": ("cannot read file (Permission denied)", make_unreadable),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("command", SOURCES)
def test_a_faulty_source_file_is_an_error_of_check_and_of_its_build(forms, monkeypatch, fault,
                                                                      command):
    path = Path(SOURCES[command])
    message, make = FAULTS[fault]
    make(path, monkeypatch)
    expected = f"{path}: error: {message}"
    assert fails(["build", command]) == [expected]
    assert fails(["check"]) == [expected]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_faulty_shared_file_stops_every_build(forms, monkeypatch, fault):
    path = Path("content/frameworks/mei-sma-2012.yaml")
    message, make = FAULTS[fault]
    make(path, monkeypatch)
    expected = f"{path}: error: {message}"
    for command in SOURCES:
        assert expected in fails(["build", command]), command
    assert expected in fails(["check"])


def test_a_file_that_vanishes_during_a_decree_build(copy, monkeypatch):
    opened = sources.CommitmentBatch.open

    def open_then_lose(self, content, selection, standing={}):
        made = opened(self, content, selection, standing)
        Path(SOURCES["decrees"]).unlink()  # after it was checked, before it is rendered
        return made

    monkeypatch.setattr(sources.CommitmentBatch, "open", open_then_lose)
    assert fails(["build", "decrees", "-j", "1"]) == [
        f"{SOURCES['decrees']}: error: file not found (removed while marco was running?)"]


@pytest.mark.parametrize("command", ["circulars", "programa-marco", "guides"])
def test_a_file_that_vanishes_during_a_document_build(copy, monkeypatch, command):
    opened = sources.MarkdownBatch.open

    def lose_then_open(self, content, selection, standing={}):
        Path(SOURCES[command]).unlink()  # after it was hashed, before it is read
        return opened(self, content, selection, standing)

    monkeypatch.setattr(sources.MarkdownBatch, "open", lose_then_open)
    assert fails(["build", command]) == [
        f"{SOURCES[command]}: error: file not found (removed while marco was running?)"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission(copy):
    path = Path(SOURCES["decrees"])
    path.chmod(0)
    assert fails(["check"]) == [f"{path}: error: cannot read file (Permission denied)"]


def test_errors_of_two_files_and_two_stages_in_one_run(copy, edit):
    edit(Path("content/commitments/2012/fne.yaml"), "weight: 60", "weight: sesenta")
    edit(Path("content/commitments/2012/inapi.yaml"), "system: gobierno-electronico",
         "system: gobierno-electronik")
    errors = fails(["check"])
    assert len(errors) == 2
    assert errors[0].startswith("content/commitments/2012/fne.yaml:")
    assert "wrong type (got 'sesenta', expected a number)" in errors[0]
    assert errors[1].startswith("content/commitments/2012/inapi.yaml:")
    assert "system 'gobierno-electronik' is not in the 2012 framework" in errors[1]


def test_a_required_file_that_is_missing(copy):
    shutil.move("content/institutions.yaml", "institutions.yaml")
    assert fails(["check"]) == ["content/institutions.yaml: error: required file is missing"]
