"""Shared fixtures: a copy of a content tree (``content-min`` or the bundled
content) in a temporary working folder, so error paths print as the user sees
them (``content/...``), an editor of its files, and a runner of ``marco
check`` that returns the error lines it printed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner
from hypothesis import settings

from generator.cli import cli
from generator.kinds import FORMS_FOLDER
from generator.errors import UserError
from generator.load.content import load_content
from generator.writers import PDF_ENGINES, Options

FIXTURES = Path(__file__).parent / "fixtures"

#: Property tests: a bounded run by default; HYPOTHESIS_PROFILE=long for a long one.
settings.register_profile("default", max_examples=100)
settings.register_profile("long", max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
CONTENT = Path(__file__).resolve().parents[1] / "content"
#: The bundled Word forms, beside the content as a project keeps them.
FORMS = CONTENT.parent.joinpath(*FORMS_FOLDER)


@pytest.fixture(scope="module", params=list(PDF_ENGINES))
def pdf_engine(request: pytest.FixtureRequest) -> str:
    """Each PDF engine (``--pdf-engine``): the tests that read PDFs run with both."""
    return request.param


@pytest.fixture(scope="module")
def bundled_pdf(pdf_engine: str,
                tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``bundled_pdf(kind)``: the PDF of the bundled document of a Markdown
    kind, built by each engine; ``bundled_pdf(kind, stem)``: of the one of
    its documents whose file is ``<stem>.pdf``."""
    from generator.build.build import build_kind
    from generator.build.sources import Selection
    from generator.kinds import KINDS

    def build(kind: str, stem: str | None = None) -> Path:
        out = tmp_path_factory.mktemp(f"{kind}-{pdf_engine}")
        written = build_kind(KINDS[kind], CONTENT, out, Selection(), ("pdf",),
                             options=Options(pdf_engine)).outputs
        [path] = [p for p in written if stem is None or p.stem == stem]
        return path

    return build


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``content-min`` copied to ``<tmp>/content``, with ``<tmp>`` as the working
    folder; returns the relative path ``content``."""
    shutil.copytree(FIXTURES / "content-min", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return Path("content")


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled content copied to ``<tmp>/content``, with ``<tmp>`` as the
    working folder; returns the relative path ``content``."""
    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return Path("content")


@pytest.fixture
def forms(copy: Path) -> Path:
    """The bundled Word forms copied beside the copied content, to
    ``<tmp>/templates/word``, where its Word-authored kinds find them; returns
    that folder (relative)."""
    shutil.copytree(FORMS, Path(*FORMS_FOLDER))
    return Path(*FORMS_FOLDER)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """``edit(path, old, new)``: replace the one occurrence of ``old`` (fails unless
    there is exactly one)."""
    return _edit


def _errors(root: Path) -> list[str]:
    """Run ``marco --content root check``; require exit status 1, nothing on
    stdout, and on stderr only ``path:line: error:`` lines and the count line.
    Returns the error lines, which must equal those of ``load_content``."""
    result = CliRunner().invoke(cli, ["--content", str(root), "check"])
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    *lines, count = result.stderr.splitlines()
    assert count == f"{len(lines)} error{'s' if len(lines) != 1 else ''}; nothing was written."
    assert all(": error: " in line for line in lines), lines
    assert "Traceback" not in result.stderr
    with pytest.raises(UserError) as info:
        load_content(root)
    assert [str(p) for p in info.value.problems] == lines
    return lines


@pytest.fixture
def errors() -> Callable[[Path], list[str]]:
    """``errors(root)``: the error lines ``marco check`` prints (see :func:`_errors`)."""
    return _errors


# ------------------------------------------------------------------ marco diff

FNE_2009 = """\
institution: fne
year: 2009
mechanism: mei
items:
  - system: compras
    objectives: [com-01, com-05, com-09]
    priority: Alta
    weight: 60
  - system: capacitacion
    objectives: [cap-01, cap-02]
    priority: Mediana
    weight: 40
"""
GIT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2026-03-02T10:00:00",
       "GIT_COMMITTER_DATE": "2026-03-02T10:00:00"}


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                          text=True, env={**os.environ, **GIT}).stdout


@pytest.fixture(scope="session")
def diff_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """For ``marco diff``: a git project holding the bundled content and one
    2009 commitment (so that one framework has a Programa Marco and a decree),
    with one commit, built once by a first diff (whose caches the tests'
    copies start from)."""
    project = tmp_path_factory.mktemp("base") / "project"
    shutil.copytree(CONTENT, project / "content")
    (project / "content" / "commitments" / "2009").mkdir()
    (project / "content" / "commitments" / "2009" / "fne.yaml").write_text(FNE_2009,
                                                                           encoding="utf-8")
    (project / ".gitignore").write_text("/output/\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    first = CliRunner().invoke(cli, ["--content", str(project / "content"), "--output",
                                     str(project / "output"), "diff", "-q", "-j", "1"])
    assert first.exit_code == 0, first.output
    return project


@pytest.fixture
def project(diff_base: Path, tmp_path: Path) -> Path:
    """A copy of ``diff_base`` of the test's own."""
    copied = tmp_path / "project"
    shutil.copytree(diff_base, copied, symlinks=True)
    return copied
