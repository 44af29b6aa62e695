"""The template sandbox (generator/read/sandbox.py): the known escape routes
and template faults, each an error at its template line, exit 1, no
traceback, nothing read or written outside the output folder; marco's own
bugs are internal errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import INTERNAL_ERROR, cli
from generator.read import templating

HEAD = "---\nid: prueba\nkind: decree\ntitle: Prueba\ndate: 2012-01-01\n---\nTexto.\n\n"
LINE = 9  # the line of the template's expression below HEAD
SECRET = "contenido secreto del canario"
NOT_A_PART = ("(no such part: a template includes the .md files of content/partes/ by their "
              "name there)")


@pytest.fixture
def attempt(copy: Path, tmp_path: Path):
    """``attempt(body)``: build a document whose line 9 is ``body`` (with the
    bundled content in scope), require exit 1, and return the error lines;
    the canary file's secret must appear nowhere and the sentinel must not
    be created."""
    canary, sentinel = tmp_path / "canary.txt", tmp_path / "sentinel.txt"
    canary.write_text(SECRET, encoding="utf-8")

    def run(body: str) -> list[str]:
        body = body.replace("CANARY", str(canary)).replace("SENTINEL", str(sentinel))
        document = Path("doc.md")
        document.write_text(HEAD + body + "\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["build", "document", "doc.md", "--format", "txt"])
        assert result.exit_code == 1, (result.output, result.exception)
        assert "Traceback" not in result.stderr and SECRET not in result.output
        assert canary.read_text(encoding="utf-8") == SECRET and not sentinel.exists()
        assert not Path("output").exists()
        *errors, count = result.stderr.splitlines()
        assert count == "1 error; nothing was written."
        return errors

    return run


@pytest.mark.parametrize("body, message", [
    ("{{ content.root }}", "access to attribute 'root' of 'Content' object is unsafe."),
    ("{{ content.root.joinpath('CANARY').read_text() }}",
     "access to attribute 'root' of 'Content' object is unsafe."),
    ("{{ content.root.joinpath('SENTINEL').write_text('x') }}",
     "access to attribute 'root' of 'Content' object is unsafe."),
    ("{{ content.frameworks[0].parse_file('CANARY') }}",
     "access to attribute 'parse_file' of 'Framework' object is unsafe."),
    ("{{ content.frameworks[0].model_dump() }}",
     "access to attribute 'model_dump' of 'Framework' object is unsafe."),
    ("{{ content.frameworks[0].src.path }}",
     "access to attribute 'src' of 'Framework' object is unsafe."),
    ("{{ content.frameworks[0].__class__.__mro__ }}",
     "access to attribute '__class__' of 'Framework' object is unsafe."),
    ("{{ cycler.__init__.__globals__['os'] }}",
     "access to attribute '__init__' of 'type' object is unsafe."),
    ("{{ lipsum.__globals__['os'].system('touch SENTINEL') }}",
     "access to attribute '__globals__' of 'function' object is unsafe."),
    ("{{ range.__self__ }}", "access to attribute '__self__' of 'method' object is unsafe."),
    ("{{ lipsum.__builtins__['open']('CANARY').read() }}",
     "access to attribute '__builtins__' of 'function' object is unsafe."),
    ("{{ joiner.__init__.__globals__['__builtins__'] }}",
     "access to attribute '__init__' of 'type' object is unsafe."),
    ("{{ '{0.__class__.__base__}'.format(1) }}",
     "access to attribute '__class__' of 'int' object is unsafe."),
    ("{{ self._TemplateReference__context }}",
     "access to attribute '_TemplateReference__context' of 'TemplateReference' object is "
     "unsafe."),
    ("{% set ns = namespace(c=content) %}{{ ns.c.root }}",
     "access to attribute 'root' of 'Content' object is unsafe."),
    ("{% include 'CANARY' %}", f"CANARY {NOT_A_PART}"),
    ("{% import 'CANARY' as x %}", f"CANARY {NOT_A_PART}"),
    ("{% from '../mechanisms.yaml' import x %}", f"../mechanisms.yaml {NOT_A_PART}"),
    ("{% extends '../institutions.yaml' %}", f"../institutions.yaml {NOT_A_PART}"),
    ("{{ [].append(1) }}", "access to attribute 'append' of 'list' object is unsafe."),
])
def test_escape_routes_are_closed(attempt, tmp_path, body, message):
    message = message.replace("CANARY", str(tmp_path / "canary.txt"))
    assert attempt(body) == [f"doc.md:{LINE}: error: template error: {message}"]


@pytest.mark.parametrize("body, message", [
    ("{% if 1 is nosuchtest %}x{% endif %}", "template error: No test named 'nosuchtest' found."),
    ("{% if true %}{{ 1 | nofilter }}{% endif %}",
     "template error: No filter named 'nofilter' found."),
    ("{% for i in range(100000) %}{% endfor %}",
     "template error: range of 100000 items (at most 10000)"),
    ("{{ 'x' * 100000000 }}",
     "template error: '*' would make a value of 100000000 characters or items "
     "(at most 1000000)"),
    ("{{ [0] * 100000000 }}",
     "template error: '*' would make a value of 100000000 characters or items "
     "(at most 1000000)"),
    ("{{ 10 ** 10000000 }}",
     "template error: '**' would make a value of 10000001 characters or items "
     "(at most 1000000)"),
    ("{% for i in range(10) %}{{ 'x' * 999999 }}{% endfor %}",
     "template error: the rendered text passes 5000000 characters"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
     "template error: calls nested more than 50 deep (a macro that calls itself without end?)"),
    ("{{ 1 / 0 }}", "template error: division by zero (ZeroDivisionError)"),
    ("{{ 'x' | porcentaje }}", "template error: porcentaje: expected a number (got 'x')"),
    ("{{ none | fecha }}", "template error: fecha: expected a date (got nothing)"),
    ("{{ falta }}", "undefined variable: 'falta' is undefined"),
])
def test_template_faults_are_the_author_s_errors(attempt, body, message):
    assert attempt(body) == [f"doc.md:{LINE}: error: {message}"]


def test_a_template_that_takes_too_long_stops(attempt, monkeypatch):
    limits = dataclasses.replace(templating._ENV.limits, seconds=0.3)
    monkeypatch.setattr(templating._ENV, "limits", limits)
    assert attempt("{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}"
                   "{% endfor %}") == [
        f"doc.md:{LINE}: error: template error: the template took more than 0.3 s to render"]


def test_a_bug_in_a_helper_is_an_internal_error(copy, monkeypatch):
    def broken(value):  # marco's own code failing, not the author's template
        return {}["missing"]

    monkeypatch.setitem(templating._ENV.filters, "fecha", broken)
    Path("doc.md").write_text(HEAD + "{{ 1 | fecha }}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "document", "doc.md"])
    assert result.exit_code == INTERNAL_ERROR
    assert result.stderr == ("internal error: KeyError: 'missing' (a bug in marco; -v shows "
                             "the traceback)\n")
    verbose = CliRunner().invoke(cli, ["-v", "build", "document", "doc.md"])
    assert verbose.exit_code == INTERNAL_ERROR
    assert verbose.stderr.startswith("Traceback (most recent call last):")
    assert verbose.stderr.endswith("internal error: KeyError: 'missing' (a bug in marco)\n")


def test_marco_check_finds_an_escape_attempt_in_a_bundled_document(copy, edit):
    circular = copy / "circulares" / "circular-39-2011.md"
    edit(circular, "::: data encabezado\n", "{{ content.root }}\n\n::: data encabezado\n")
    lines = circular.read_text(encoding="utf-8").splitlines()
    line = lines.index("{{ content.root }}") + 1
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"content/circulares/circular-39-2011.md:{line}: error: template error: access to "
        "attribute 'root' of 'Content' object is unsafe.", "1 error; nothing was written."]


def test_a_guide_s_process_file_stays_beside_it(copy, edit):
    edit(copy / "guias" / "gestion-territorial" / "guia.md", "process: proceso.yaml",
         "process: ../../mechanisms.yaml")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/guias/gestion-territorial/guia.md:10: error: process: expected the name of a "
        "file beside the guide (got '../../mechanisms.yaml')")
