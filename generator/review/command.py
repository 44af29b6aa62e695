"""``marco diff``: build or open the two versions, compare them, and say what
changed: on the terminal, as an HTML page (``--html``), as Word redlines
(``--docx``). Exit status as diff(1)'s: 0 no changes, 1 changes, 2 trouble
(a version that cannot be built or read; its content's errors are reported
as ``rev:path:line: error: …``)."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from pathlib import Path

import click

from ..errors import UserError
from ..kinds import KINDS
from ..writers.files import write_atomically
from .diff import Review, review
from .sides import Build, DiffError, Narrowing, output_side, revision_sides
from .terminal import diff_lines, summary_lines

SAME, DIFFERENT, TROUBLE = 0, 1, 2


def run_diff(settings, old: str | None, new: str | None, *, outputs: bool,
             kinds: tuple[str, ...], year: int | None, institutions: tuple[str, ...],
             raw: bool, colour: str, html: Path | None, docx: Path | None,
             formats: tuple[str, ...], jobs: int) -> int:
    from ..cli import report

    names = tuple(dict.fromkeys(kind.name for kind in KINDS.values()
                                if kind.name in kinds or kind.command in kinds))
    try:
        with ExitStack() as stack:
            if outputs:
                if old is None or new is None:
                    raise click.UsageError("--outputs compares two output folders: give both")
                if year is not None or institutions:
                    raise click.UsageError("--year and --institution choose what is built; "
                                           "with --outputs, narrow with --kind")
                sides = output_side(Path(old)), output_side(Path(new))
            else:
                narrowing = Narrowing(names, year, institutions)
                build = Build(formats, jobs, settings.progress)
                sides = stack.enter_context(revision_sides(
                    settings.content, settings.output, old or "HEAD", new, narrowing, build))
            result = review(*sides, kinds=names if outputs else ())
            _say(settings, result, colour, raw)
            if html is not None:
                from .report import report_page

                write_atomically(html, report_page(result, at=html.parent).encode("utf-8"))
                settings.say(f"wrote {html}", level=2)
            if docx is not None:
                for path in write_redlines(result, docx):
                    settings.say(f"wrote {path}", level=2)
    except DiffError as error:
        click.echo(f"marco diff: error: {error}", err=True)
        return TROUBLE
    except UserError as error:
        report(error)
        return TROUBLE
    return DIFFERENT if result.changed else SAME


def _say(settings, result: Review, colour: str, raw: bool) -> None:
    if settings.verbosity < 0:
        return
    for line in summary_lines(result):
        click.echo(line)
    if settings.verbosity < 1 or not result.changed:
        return
    coloured = colour == "always" or (colour == "auto" and sys.stdout.isatty()
                                      and not os.environ.get("NO_COLOR"))
    for line in diff_lines(result, coloured, raw):
        click.echo(line, color=coloured)


def write_redlines(result: Review, folder: Path) -> list[Path]:
    """A Word redline of each changed document: ``<folder>/<stem>-redline.docx``."""
    from ..writers.docx import redline_docx_bytes

    written = []
    for document in result.documents:
        if document.redline is None:
            continue
        stem = KINDS[document.kind].stem.format(id=document.id)
        path = folder / f"{stem}-redline.docx"
        comment = renumbering_note(document)
        data = redline_docx_bytes(document.redline, result.new.date, comment)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
        written.append(path)
    return written


def renumbering_note(document) -> list[str]:
    """The comment a redline carries: the numbers that moved."""
    if not document.shifts:
        return []
    lines = ["Renumeración (cambios del autor «marco — renumeración»):"]
    for shift in document.shifts:
        follow = ""
        if shift.references:
            follow = (f" y {shift.references} referencia{'s' if shift.references != 1 else ''}"
                      " que lo citan")
        lines.append(f"{shift.text()}{follow}")
    return lines
