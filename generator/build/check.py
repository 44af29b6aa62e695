"""``marco check``: everything a build would refuse, found without writing
anything: the content, every commitment's decree, and the bundled circulars,
Programa Marco documents and guides (their Jinja, data blocks and references
against the current data)."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..errors import Problem, UserError

#: Assembler modules whose ``source_paths`` list the bundled standalone documents.
BUNDLED = ("circular", "programa_marco", "guide")


def check_all(root: Path) -> str:
    """Check the content tree at ``root``; the one-line summary, or
    :class:`UserError` with every problem."""
    from ..assemble.decree import TEMPLATE, DecreeAssembler, decree_sources
    from .build import prepare, prepare_documents
    from ..load.content import load_content

    content = load_content(root)
    problems: list[Problem] = []
    decrees = 0
    if content.commitments and (root / TEMPLATE).is_file():
        assembler = DecreeAssembler(content)
        for source in decree_sources(content):
            try:
                prepare(assembler.assemble(source))
                decrees += 1
            except UserError as error:
                problems.extend(error.problems)
    paths = [path for name in BUNDLED
             for path in import_module(f"generator.assemble.{name}").source_paths(root)]
    try:
        documents = len(prepare_documents(paths, content))
    except UserError as error:
        problems.extend(error.problems)
        documents = 0
    if problems:
        raise UserError(problems)
    return f"{content.summary()}; {decrees} decrees and {documents} documents"
