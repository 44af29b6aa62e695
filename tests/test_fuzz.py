"""Fuzzing: generated Markdown (labels, references, footnotes, data blocks,
Jinja tags) and YAML with random faults always give either a document or
``path:line`` errors with lines inside the file, never another exception.

``make test`` runs a bounded number of examples; ``HYPOTHESIS_PROFILE=long``
runs many more (README, "Development")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.assemble.expand import expand_placeholders
from generator.errors import UserError
from generator.load.content import load_content
from generator.model.document import Paragraph, Placeholder, Text
from generator.passes.prepare import prepare
from generator.read.markdown import parse_markdown_text

HEAD = "---\nid: fuzz\nkind: guide\ntitle: Fuzz\ndate: 2012-01-01\ndata:\n  n: 3\n---\n"
NAMES = st.sampled_from(["a", "b", "proceso", "x-1"])
KINDS = st.sampled_from(["sec", "tbl", "fig", "ann", "par", "con", "art", "item", "fn", "zz",
                         "Sec", ""])
LABEL = st.builds(lambda kind, name: f"{kind}:{name}", KINDS, NAMES)
WORD = st.sampled_from(["texto", "Cuadro", "ñandú", "  ", "*énfasis*", "**negrita**", "\\",
                        "{", "}", "[", "]", "#", "@", "|", "`código`", ":::", "&", "<b>",
                        "{{ page.n }}", "{{ falta }}", "{{ page.n | porcentaje }}",
                        "{{ 1 / 0 }}", "{% if page.n %}sí{% endif %}", "{## nota ##}",
                        "{%", "{{", "}}", "%}", "{#", "##}"])
INLINE = st.one_of(
    WORD,
    st.builds(lambda label: f"[@{label}]", LABEL),
    st.builds(lambda label: f"[-@{label}]", LABEL),
    st.builds(lambda label: f"[+@{label}]", LABEL),
    st.builds(lambda label: f"[@otro/{label}]", LABEL),
    st.builds(lambda kind: f"[#{kind}]", KINDS),
    st.builds(lambda name: f"[^{name}]", NAMES),
    st.text(alphabet="ab {}[]#@^-:.|*_\\`\t", max_size=8),
)
TEXT = st.lists(INLINE, min_size=1, max_size=6).map(" ".join)
ATTRS = st.sampled_from(["", " {#sec:a}", " {-}", " {.center}", " {.bogus}", " {#tbl:b}",
                         " {#x}", " {.title .center}"])
BLOCK = st.one_of(
    st.builds(lambda level, text, attrs: f"{'#' * level} {text}{attrs}",
              st.integers(1, 4), TEXT, ATTRS),
    st.builds(lambda text, attrs: f"{text}{attrs}", TEXT, ATTRS),
    st.builds(lambda kind, label, text: f"(@{kind}{label}) {text}",
              st.sampled_from(["", "par", "con", "art", "rule", "item", "foo"]),
              st.sampled_from(["", ":a", ":b"]), TEXT),
    st.builds(lambda caption, cell: f"Table: {caption}\n\n| A | B |\n|---|--:|\n| {cell} | 1 |",
              TEXT, TEXT),
    st.builds(lambda caption: f"Table: {caption}", TEXT),
    st.builds(lambda name, text: f"[^{name}]: {text}", NAMES, TEXT),
    st.builds(lambda name, label: f"::: data {name}{label}\n:::",
              st.sampled_from(["bloque", "otro", ""]), st.sampled_from(["", " {#tbl:a}"])),
    st.builds(lambda text: f"::: annex {{#ann:a}}\n# {text}\n\n## Sección {{#sec:b}}\n:::",
              TEXT),
    st.builds(lambda text: f"- {text}\n- {text}", TEXT),
    st.builds(lambda text: f"1. {text}", TEXT),
    st.builds(lambda text: f"Término {{#def:a}}\n: {text}", TEXT),
    st.just("***"),
    st.just("{% for i in range(2) %}\nfila {{ i }}\n{% endfor %}"),
    st.just("{% if page.n > 2 %}\nsí\n{% else %}\nno\n{% endif %}"),
)
BODY = st.lists(BLOCK, min_size=1, max_size=8).map("\n\n".join)


def inside(problems, path: str, text: str) -> None:
    """Every problem is at a line of ``path`` (of ``text``)."""
    lines = len(text.splitlines())
    for problem in problems:
        assert problem.pos.path == path, problem
        assert 1 <= problem.pos.line <= lines, (str(problem), lines)


@settings(deadline=None)
@given(BODY)
def test_markdown_gives_a_document_or_located_errors(body):
    source = HEAD + body + "\n"
    try:
        document = parse_markdown_text(source, "doc.md", {})
        expand_placeholders(document, {"bloque": lambda block: [Paragraph([Text("datos")],
                                                                          pos=block.pos)]})
        prepare(document)
    except UserError as error:
        inside(error.problems, "doc.md", source)
        return
    assert document.labels is not None
    assert not any(isinstance(block, Placeholder) for block in document.blocks)


COMMITMENT = "commitments/2012/superintendencia-de-salud.yaml"
FAULTS = st.sampled_from([":", '"', "'", "[", "]", "{", "}", "- ", "\t", "\n", "#", "&a ",
                          "*a", "!", "|", ">", "  ", "x", "0", "%", "@", "`", "\x00", ","])


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "content-min", root)
    return root


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_yaml_with_faults_gives_content_or_located_errors(tree, data):
    original = (Path(__file__).parent / "fixtures" / "content-min" / COMMITMENT).read_text()
    text = original
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "duplicate-line"]))
        if action == "insert":
            text = text[:at] + data.draw(FAULTS) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 4)):]
        else:
            lines = text.splitlines(keepends=True) or [""]
            index = min(at, len(lines) - 1)
            text = "".join(lines[:index + 1] + lines[index:])
    path = tree / COMMITMENT
    path.write_text(text, encoding="utf-8")
    try:
        load_content(tree)
    except UserError as error:
        inside(error.problems, str(path), text)
