"""The registry of document kinds: each kind declares here, once, its
numbering scheme, what its documents are made from, its assembler module
(those of marco's kinds are in :mod:`generator.assemble`), its Word shell, its output folder and its
default formats. Front matter's ``kind``, ``marco build KIND``, ``marco
check`` and the Makefile's targets all come from this table, and nothing
else looks a kind up by its name. A new kind is one assembler module and one
entry in :data:`KINDS` (``docs/kinds.md``).

An assembler module gives, for Markdown documents of its kind,
``setup(content, front) -> Assembly`` (the Jinja context and the builders of
the ``::: data`` blocks) and ``TRANSFORMS``, the post-numbering transforms
that draw its pending figures, by name (see :mod:`generator.assemble`).

This module imports nothing but the standard library and the scheme, so the
Makefile reads it with the system's Python before any virtual environment
exists (``python3 -S -m generator.kinds makefile``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from .errors import Pos, Problem, UserError, did_you_mean
from .model.scheme import Scheme, Style


@dataclass(frozen=True)
class Markdown:
    """Documents written in Markdown with front matter: the files matching
    ``pattern`` under the content folder. They are read, numbered and
    resolved together, so they may refer to each other (``[@id/tbl:x]``)."""

    pattern: str


@dataclass(frozen=True)
class Commitments:
    """One document per file of a year under ``folder``: the commitment files
    (``commitments/<year>/``) or the evaluations of them
    (``evaluations/<year>/``). Each is made from one template by the kind's
    module's ``Assembler(content, kind)`` (``read(path, seen)``: the file
    read and checked, naming its ``mechanism`` and ``institution``;
    ``document_id(read)``, ``assemble(read)``), and assembled where it is
    rendered, so memory does not grow with the number of institutions."""

    template: str
    folder: str = "commitments"


@dataclass(frozen=True)
class Services:
    """One document per service taking part in a mechanism of each
    framework of a year (``frameworks/``): what is sent to every service
    before it has commitments. Each is made by the kind's module's
    ``Assembler(content, kind)`` (``document_id(framework, service)``,
    ``assemble(framework, service)``)."""


Sources = Union[Markdown, Commitments, Services]

#: Where a project keeps the forms its analysts design in Word: beside its
#: content folder (``templates/word/`` of this repository).
FORMS_FOLDER = ("templates", "word")


@dataclass(frozen=True)
class Kind:
    """A kind of document. ``folder`` (under the output folder) and the
    manifest may name ``{year}`` for kinds made from a year's commitments;
    ``stem`` names each document's files from its ``{id}``; ``inputs`` are
    the content files and folders every document of the kind is made from
    (a document is made again when one of them or its own source changes);
    ``options`` are the selection options its build command takes."""

    name: str
    command: str
    description: str
    assembler: str
    scheme: Scheme
    sources: Sources
    folder: str
    inputs: tuple[str, ...]
    shell: str = "reference.docx"
    formats: tuple[str, ...] = ("docx", "pdf", "html")
    stem: str = "{id}"
    options: tuple[str, ...] = ()
    form: str | None = None
    built_with: str | None = None

    def form_path(self, content_root: Path) -> Path | None:
        """A Word-authored kind's form (``form``, docxtpl tags in a .docx),
        in the forms folder beside ``content_root``; its documents are made
        only where the form is there. ``built_with``: the command that
        builds them too (``marco build decrees`` makes the oficios)."""
        if self.form is None:
            return None
        return Path(os.path.abspath(content_root)).parent.joinpath(*FORMS_FOLDER, self.form)

    def makes_documents(self, content_root: Path) -> bool:
        """Whether the kind makes documents from ``content_root``: all do
        but a Word-authored kind whose form is not there (a dangling link
        in its place is the form's fault, reported)."""
        form = self.form_path(content_root)
        return form is None or form.exists() or form.is_symlink()


#: Sections as guides number them: 1, 1.1, 1.1.1; an introduction's 1.-, 2.-.
GUIDE = Scheme(intro=Style("{n}.-", "sección {n}"))
#: Sections as the Programa Marco numbers them: I., II. at the top, then 1., 2.
PROGRAMA_MARCO = Scheme(sections=(Style("{n}.", "sección {n}", "ROMAN"),
                                  Style("{n}.", "sección {n}")))
#: Documents whose sections are not numbered: decrees, circulars.
UNNUMBERED_SECTIONS = Scheme(sections=())

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind(name="decree", command="decrees",
         description="the decree fixing each institution's commitments for a year",
         assembler="generator.assemble.decree", scheme=UNNUMBERED_SECTIONS,
         sources=Commitments("decrees/compromisos.md"), folder="{year}",
         inputs=("mechanisms.yaml", "institutions.yaml", "frameworks", "decrees", "partes"),
         shell="decree.docx", formats=("docx", "pdf", "html"), stem="decreto-{id}",
         options=("year", "mechanism", "institution")),
    Kind(name="evaluation-decree", command="evaluation-decrees",
         description="the decree fixing each institution's compliance and pay increase for a year",
         assembler="generator.assemble.evaluation_decree", scheme=UNNUMBERED_SECTIONS,
         sources=Commitments("decrees/evaluacion.md", folder="evaluations"),
         folder="{year}/evaluacion",
         inputs=("mechanisms.yaml", "institutions.yaml", "frameworks", "decrees", "partes",
                 "commitments"),
         shell="decree.docx", formats=("docx", "pdf", "html"), stem="decreto-{id}",
         options=("year", "mechanism", "institution")),
    Kind(name="oficio", command="oficios",
         description="the oficio sending each institution its commitments decree (a Word form)",
         assembler="generator.assemble.oficio", scheme=UNNUMBERED_SECTIONS,
         sources=Commitments("decrees/compromisos.md"), folder="{year}/oficios",
         inputs=("mechanisms.yaml", "institutions.yaml", "frameworks", "decrees", "partes",
                 "evaluations"),
         form="oficio.docx", built_with="decrees",
         options=("year", "mechanism", "institution")),
    Kind(name="formulation-letter", command="formulation-letters",
         description="the letter asking each service to formulate its commitments for a year "
                     "(a Word form)",
         assembler="generator.assemble.formulation_letter", scheme=UNNUMBERED_SECTIONS,
         sources=Services(), folder="{year}/formulacion",
         inputs=("mechanisms.yaml", "institutions.yaml", "frameworks"),
         form="formulacion.docx", options=("year", "mechanism", "institution")),
    Kind(name="results", command="results",
         description="the reports of a year's evaluation results",
         assembler="generator.assemble.results", scheme=GUIDE,
         sources=Markdown("resultados/*.md"), folder="resultados", inputs=(".",)),
    Kind(name="circular", command="circulars",
         description="the circulars proposing a year's Programa Marco",
         assembler="generator.assemble.circular", scheme=UNNUMBERED_SECTIONS,
         sources=Markdown("circulares/*.md"), folder="circulares", inputs=(".",)),
    Kind(name="programa-marco", command="programa-marco",
         description="the Programa Marco technical documents",
         assembler="generator.assemble.programa_marco", scheme=PROGRAMA_MARCO,
         sources=Markdown("programa-marco/*.md"), folder="programa-marco", inputs=(".",)),
    Kind(name="guide", command="guides", description="the technical guides",
         assembler="generator.assemble.guide", scheme=GUIDE,
         sources=Markdown("guias/*/guia.md"), folder="guias", inputs=(".",)),
)}


def kind_named(name: str, pos: Pos) -> Kind:
    """The kind ``name`` (front matter's ``kind`` at ``pos``), or a user error."""
    if name in KINDS:
        return KINDS[name]
    raise UserError([Problem(pos, f"unknown document kind '{name}' (expected one of "
                                  f"{', '.join(KINDS)}){did_you_mean(name, KINDS)}")])


def by_command(command: str) -> Kind | None:
    """The kind that ``marco build COMMAND`` builds."""
    return next((kind for kind in KINDS.values() if kind.command == command), None)


def makefile_rules() -> str:
    """One Makefile target per kind: ``make decrees``, ``make circulars``, …"""
    rules = []
    for kind in KINDS.values():
        year = " $(year_opt)" if "year" in kind.options else ""
        where = kind.folder.replace("{year}", "<year>")
        extra = " (YEAR=2012, default: latest)" if year else ""
        rules.append(f".PHONY: {kind.command}\n"
                     f"{kind.command}: $(STAMP) ## build {kind.description} into "
                     f"output/{where}/{extra}\n"
                     f"\t$(MARCO) build {kind.command}{year} $(jobs_opt) $(pdf_opt)\n")
    return "\n".join(rules)


if __name__ == "__main__":
    if sys.argv[1:] != ["makefile"]:
        sys.exit("usage: python -m generator.kinds makefile")
    sys.stdout.write(makefile_rules())
