"""``marco check``: everything a build would refuse, found without writing
anything: the content, then every document of every kind of the registry
(each year's decrees, the circulars, Programa Marco documents and guides:
their Jinja, data blocks and references against the current data)."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, UserError
from ..kinds import KINDS, Commitments, Kind, Markdown, Services
from ..model.content import Content
from .sources import (
    Batch, CommitmentBatch, MarkdownBatch, Selection, ServiceBatch, commitment_years,
    framework_years,
)


def check_all(root: Path) -> str:
    """Check the content tree at ``root``; the one-line summary, or
    :class:`UserError` with every problem."""
    from ..load.content import load_content

    content = load_content(root)
    problems: list[Problem] = []
    made: dict[str, int] = {}
    for kind in KINDS.values():
        if not kind.makes_documents(root):
            continue
        made[kind.command] = 0
        for batch in _batches(kind, root, content):
            made[kind.command] += _check(batch, content, problems)
    if problems:
        raise UserError(problems)
    counts = ", ".join(f"{kind} {count}" for kind, count in made.items())
    return f"{content.summary()}; {sum(made.values())} documents ({counts})"


def _batches(kind: Kind, root: Path, content: Content) -> list[Batch]:
    """What a build of ``kind`` would make from ``root``: every year's
    documents for a kind made from commitments (when its template exists)
    or for the services of a year's frameworks (a Word form is filled for
    each, in memory)."""
    if isinstance(kind.sources, Markdown):
        return [MarkdownBatch(kind, root)]
    if isinstance(kind.sources, Services):
        return [ServiceBatch(kind, root, year, content) for year in framework_years(content)]
    assert isinstance(kind.sources, Commitments)
    template = root / kind.sources.template
    if not (template.exists() or template.is_symlink()):
        return []
    return [CommitmentBatch(kind, root, year)
            for year in commitment_years(root, kind.sources.folder)]


def _check(batch: Batch, content: Content, problems: list[Problem]) -> int:
    """Make every document of ``batch``, adding its problems to ``problems``;
    the number of documents made."""
    try:
        made = batch.open(content, Selection())
    except UserError as error:
        problems.extend(error.problems)
        return 0
    count = 0
    for index in range(len(made.ids)):
        try:
            made.make(index)
            count += 1
        except UserError as error:
            problems.extend(error.problems)
    return count
