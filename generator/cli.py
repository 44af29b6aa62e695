"""The ``marco`` command line: a thin click layer over the library."""

from __future__ import annotations

import functools
import gc
import os
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import UserError
from .kinds import KINDS, Kind, by_command
from .writers import PDF_ENGINES, PDF_STANDARDS, WRITERS, Options


class Settings:
    def __init__(self, content: Path, output: Path, verbosity: int):
        self.content = content
        self.output = output
        self.verbosity = verbosity

    def say(self, message: str, level: int = 1) -> None:
        if self.verbosity >= level:
            click.echo(message)

    def progress(self, label: str):
        """A progress callback factory: a bar on a terminal, nothing in CI or with -q."""
        show = self.verbosity >= 1 and sys.stderr.isatty() and not os.environ.get("CI")

        def start(total: int):
            if not show or total == 0:
                return lambda: None
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()

            def tick() -> None:
                bar.update(1)
                if bar.pos >= total:
                    bar.__exit__(None, None, None)

            return tick

        return start


def report(error: UserError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.echo(f"{count} error{'s' if count != 1 else ''}; nothing was written.", err=True)


#: The exit status of an internal error (a bug in marco), as sysexits' EX_SOFTWARE.
INTERNAL_ERROR = 70


class MarcoGroup(click.Group):
    """Turns user errors raised anywhere below into ``path:line: error:``
    lines and exit 1; any other failure is marco's bug: one line saying so,
    the traceback only with -v, exit 70."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as error:
            report(error)
            ctx.exit(1)
        except (click.ClickException, click.exceptions.Exit):
            raise
        except Exception as error:  # a bug: said once, as such
            settings = ctx.find_object(Settings)
            verbose = settings is not None and settings.verbosity >= 2
            if verbose:
                click.echo("".join(traceback.format_exception(error)), err=True, nl=False)
            hint = "" if verbose else "; -v shows the traceback"
            click.echo(f"internal error: {type(error).__name__}: {error} (a bug in marco{hint})",
                       err=True)
            ctx.exit(INTERNAL_ERROR)


def _more(ctx: click.Context, param: click.Parameter, value: int) -> int:
    settings = ctx.find_object(Settings)
    if settings is not None:
        settings.verbosity += value if param.name == "verbose" else -value
    return value


def verbosity(command):
    """-q / -v on a command too, adding to those given to ``marco``."""
    command = click.option("-v", "--verbose", count=True, expose_value=False, callback=_more,
                           help="Print more.")(command)
    return click.option("-q", "--quiet", count=True, expose_value=False, callback=_more,
                        help="Print less (errors only).")(command)


@click.group(cls=MarcoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="marco")
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"),
              show_default=True, help="Content folder (frameworks, institutions, commitments).")
@click.option("--output", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Folder for generated documents.")
@click.option("-q", "--quiet", count=True, help="Print less (errors only).")
@click.option("-v", "--verbose", count=True, help="Print more.")
@click.pass_context
def cli(ctx: click.Context, content: Path, output: Path, quiet: int, verbose: int) -> None:
    """Generate the documents of the management-incentive cycle from content."""
    ctx.obj = Settings(content, output, 1 + verbose - quiet)


@cli.command()
@verbosity
@click.pass_obj
def check(settings: Settings) -> None:
    """Validate all content and every document of every kind, writing nothing; print a summary."""
    from .build.check import check_all

    settings.say(f"ok: {check_all(settings.content)}")


def _formats(default: tuple[str, ...]):
    """The ``--format`` option: a comma-separated list of the writers' formats."""
    allowed = tuple(WRITERS)

    def parse(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
        formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
        if not formats or any(f not in allowed for f in formats):
            raise click.BadParameter(f"expected a comma-separated list of {', '.join(allowed)} "
                                     f"(got {value!r})")
        return formats

    return click.option("--format", "formats", default=",".join(default), show_default=True,
                        callback=parse, help="Output formats, comma-separated "
                                             f"({', '.join(allowed)}).")


def pdf_options(command):
    """``--pdf-engine`` and ``--pdf-standard``, given to the command as ``options``."""

    def wrapped(*args, pdf_engine: str, pdf_standard: str | None, **kwargs):
        return command(*args, options=Options(pdf_engine, pdf_standard), **kwargs)

    functools.update_wrapper(wrapped, command)
    wrapped = click.option("--pdf-standard", type=click.Choice(PDF_STANDARDS),
                           help="Make PDFs that meet this standard (a-2b: PDF/A-2b for "
                                "archiving; ua-1: PDF/UA-1).")(wrapped)
    return click.option("--pdf-engine", type=click.Choice(list(PDF_ENGINES)),
                        default=next(iter(PDF_ENGINES)), show_default=True,
                        help="How PDFs are made: typst (fast) or weasyprint (exactly as "
                             "the HTML page looks).")(wrapped)


JOBS = click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                    show_default="the machine's cores", help="Worker processes.")
FORCE = click.option("--force", is_flag=True, help="Rebuild even what is unchanged.")
#: The selection options a kind may take (``Kind.options``).
OPTIONS = {
    "year": click.option("--year", type=int,
                         help="Year of the commitments (default: the latest)."),
    "mechanism": click.option("--mechanism", "mechanisms", multiple=True, metavar="KEY",
                              help="Only this mechanism (pmg, mei, sma); repeatable."),
    "institution": click.option("--institution", "institutions", multiple=True,
                                metavar="SLUG", help="Only this institution; repeatable."),
}


def _say_written(settings: Settings, report) -> None:
    settings.say(report.summary())
    for path in report.outputs:
        settings.say(f"  {path}", level=2)


def _kind_command(kind: Kind) -> click.Command:
    """``marco build COMMAND`` for one kind of the registry."""

    @click.pass_obj
    def command(settings: Settings, formats: tuple[str, ...], jobs: int, force: bool,
                options: Options, **selected) -> None:
        from .build.build import build_kind
        from .build.sources import Selection, SelectionError

        selection = Selection(**selected)
        # the kinds built with this one first: an oficio is made from its
        # decree, so a failure of either leaves no decree written
        companions = [other for other in KINDS.values() if other.built_with == kind.command
                      and other.makes_documents(settings.content)]
        reports = []
        try:
            for built in (*companions, kind):
                reports.append(build_kind(built, settings.content, settings.output, selection,
                                          formats, jobs=jobs, force=force,
                                          progress=settings.progress(built.command),
                                          options=options))
        except SelectionError as error:
            raise click.UsageError(str(error)) from None
        for report in reports:
            _say_written(settings, report)

    command = verbosity(FORCE(JOBS(pdf_options(_formats(kind.formats)(command)))))
    for name in reversed(kind.options):
        command = OPTIONS[name](command)
    folder = kind.folder.replace("{year}", "<year>")
    return click.command(kind.command, help=f"Build {kind.description} into "
                                            f"<output>/{folder}/.")(command)


class BuildGroup(click.Group):
    """``marco build``: one command per kind of the registry, and ``document``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*(kind.command for kind in KINDS.values()), *super().list_commands(ctx)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        kind = by_command(name)
        return _kind_command(kind) if kind is not None else super().get_command(ctx, name)


@cli.group(cls=BuildGroup)
def build() -> None:
    """Build documents into the output folder."""


@build.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_formats(("docx", "pdf", "html"))
@pdf_options
@JOBS
@verbosity
@click.pass_obj
def document(settings: Settings, paths: tuple[Path, ...], formats: tuple[str, ...],
             jobs: int, options: Options) -> None:
    """Build Markdown documents of any kind (with front matter) into the output folder."""
    from .build.build import build_documents

    _say_written(settings, build_documents(list(paths), settings.content, settings.output,
                                           formats, jobs=jobs,
                                           progress=settings.progress("documents"),
                                           options=options))


@cli.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--outputs", is_flag=True,
              help="OLD and NEW are output folders (as built by marco), not revisions.")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              type=click.Choice([name for kind in KINDS.values()
                                 for name in dict.fromkeys((kind.name, kind.command))]),
              help="Only documents of this kind; repeatable.")
@click.option("--year", type=int, help="Only the documents made from this year's commitments.")
@click.option("--institution", "institutions", multiple=True, metavar="SLUG",
              help="Only the documents made from this institution's commitments; repeatable.")
@click.option("--raw", is_flag=True, help="The line diff of the documents' text instead.")
@click.option("--color", "--colour", "colour", type=click.Choice(["auto", "always", "never"]),
              default="auto", show_default=True, help="Colour the diff.")
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the review as one self-contained HTML page.")
@click.option("--docx", "docx", type=click.Path(file_okay=False, path_type=Path),
              help="Write a Word redline (tracked changes) of each changed document here.")
@_formats(("docx",))
@JOBS
@verbosity
@click.pass_context
def diff(ctx: click.Context, old: str | None, new: str | None, outputs: bool,
         kinds: tuple[str, ...], year: int | None, institutions: tuple[str, ...], raw: bool,
         colour: str, html: Path | None, docx: Path | None, formats: tuple[str, ...],
         jobs: int) -> None:
    """Review what changed in the generated documents between two versions.

    OLD and NEW are git revisions of the project (default: HEAD and the
    working tree), each built with this marco; with --outputs, two output
    folders. Renumbering (numbers that moved because something was inserted
    or removed before them) is listed apart, not as text changes. Exit
    status: 0 no changes, 1 changes, 2 trouble.
    """
    from .review.command import run_diff

    settings: Settings = ctx.obj
    status = run_diff(settings, old, new, outputs=outputs, kinds=kinds, year=year,
                      institutions=institutions, raw=raw, colour=colour, html=html, docx=docx,
                      formats=formats, jobs=jobs)
    ctx.exit(status)


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port (0: a free one).")
@click.option("--bind", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="The address to serve on (the loopback address: this machine only).")
@click.option("--open", "open_browser", is_flag=True, help="Open the index in a browser.")
@click.option("--year", type=int, help="The year of the kinds made from commitments "
                                       "(default: the latest).")
@verbosity
@click.pass_obj
def serve(settings: Settings, port: int, bind: str, open_browser: bool,
          year: int | None) -> None:
    """Preview the documents while you edit them.

    Builds every document's HTML and serves an index of them; on every save
    in the content or templates folders, builds again what changed and
    reloads the pages. A build's errors show in the page, over the last good
    version, and here; Ctrl+C stops it."""
    import threading

    from .serve.server import serve as run
    from .serve.site import Site

    def told(message: str) -> None:
        click.echo(message, err=True)

    if not settings.content.is_dir():
        raise click.ClickException(f"{settings.content}: no content folder here to preview "
                                   "(--content names it)")
    site = Site(settings.content, settings.output, year, told)
    stop = threading.Event()

    def ready(url: str) -> None:
        settings.say(f"serving {url} ({site.summary()}); Ctrl+C stops")
        for problem in site.problems():
            told(str(problem))
        if open_browser:
            import webbrowser
            webbrowser.open(url)

    try:
        run(site, settings.output, bind, port, ready, stop)
    except OSError as error:  # the port is taken, the address is not this machine's
        raise click.ClickException(f"cannot serve on {bind}:{port}: "
                                   f"{error.strerror or error}") from None
    except KeyboardInterrupt:
        stop.set()


@cli.group()
def new() -> None:
    """Start next year's content: copies of this year's framework or circular
    with what follows the year updated, and the list of what is left to edit."""


def _say_scaffold(settings: Settings, make) -> None:
    """Run ``make`` (a :mod:`generator.scaffold` function) and print its report."""
    from .scaffold import ScaffoldError

    try:
        scaffold = make()
    except ScaffoldError as error:
        raise click.UsageError(str(error)) from None
    for line in scaffold.lines():
        settings.say(line)


@new.command("framework")
@click.option("--from", "source", required=True, metavar="ID", help="The framework to copy.")
@click.option("--year", type=click.IntRange(1998, 2100), required=True,
              help="The new framework's year.")
@click.option("--id", "new_id", metavar="ID",
              help="The new framework's id (default: the copied one's, with the new year).")
@verbosity
@click.pass_obj
def new_framework(settings: Settings, source: str, year: int, new_id: str | None) -> None:
    """Copy a framework for another year.

    Writes <content>/frameworks/<id>.yaml, framework --from with the new id
    and year and without the approving decree, and lists what is left to
    edit (the decree, the new and voluntary systems, the rules, lines naming
    the old year). Never overwrites a file."""
    from .scaffold import new_framework as make

    _say_scaffold(settings, lambda: make(settings.content, source, year, new_id))


@new.command("circular")
@click.option("--from", "source", required=True, metavar="ID|FILE",
              help="The circular to copy: its id, or its file.")
@click.option("--framework", "framework_id", metavar="ID",
              help="The framework it proposes (default: the one of the year after the "
                   "copied circular's, for the same mechanisms).")
@click.option("--id", "new_id", metavar="ID",
              help="The new circular's id and file name (default: the copied one's, "
                   "with the new year).")
@verbosity
@click.pass_obj
def new_circular(settings: Settings, source: str, framework_id: str | None,
                 new_id: str | None) -> None:
    """Copy a circular to propose another year's framework.

    Writes the copy next to circular --from, pointed at the framework, its
    date and reply_by moved on by as many years as the frameworks are apart,
    and lists what is left to edit (number, registry, dates, the prose on
    particular systems, lines naming an old year). Never overwrites a file."""
    from .scaffold import new_circular as make

    _say_scaffold(settings, lambda: make(settings.content, source, framework_id, new_id))


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def text(path: Path) -> None:
    """Print the normalised text of a generated DOCX, HTML or PDF file.

    Usable as a git textconv driver, so `git diff` compares documents as text:
    git config diff.marco.textconv "marco text" and, in .gitattributes,
    "*.docx diff=marco".
    """
    from .review.extract import UnreadableFile, extract_text

    try:
        click.echo(extract_text(path), nl=False)
    except UnreadableFile as error:
        raise click.ClickException(str(error)) from None


def main() -> None:
    try:
        cli(prog_name="marco")
    finally:
        # what the run made is freed with the process: the collections Python
        # runs as it shuts down would only walk it (about 40 ms after a build)
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
