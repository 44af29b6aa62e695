"""Parts shared by the assemblers (decree, circular, Programa Marco, guide):
the typed ``data`` of a document's front matter, the framework it names,
Spanish listings and number words, table cells and headings, the systems by
area, general objectives, a signer."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable, TypeVar

from pydantic import Field as ModelField

from ..errors import Pos, Problem, Problems, TemplateInputError, UserError, did_you_mean
from ..load.validate import validate_model
from ..model.base import SRC, Located, Text as TextField
from ..model.content import Area, Content, Framework, Person, System
from ..model.document import Cell, Inline, LineBreak, Signer, Text
from ..read.markdown import FrontMatter, inline_markdown
from ..read.sandbox import Present

M = TypeVar("M", bound=Located)
#: The body that issues the Programa Marco documents and the technical guides:
#: the budget office of the Ministry of Finance, which runs the mechanisms.
BUDGET_OFFICE = "Dirección de Presupuestos"
SMALL_NUMBERS = ("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece "
                 "catorce quince dieciséis diecisiete dieciocho diecinueve veinte").split()


class TableSpec(Located):
    """The wording of a table built from data: its title (under "Cuadro N"),
    an optional subtitle (a table of systems without one takes the
    framework's short title) and the column titles."""

    caption: TextField | None = None
    subtitle: TextField | None = None
    columns: list[TextField] = ModelField(min_length=1)


def page_data(model: type[M], front: FrontMatter) -> M:
    """The front matter's ``data`` validated by ``model``; errors point at
    the line of the key (or at the ``data`` line for a missing one)."""
    problems = Problems()
    data = {**front.data, SRC: front.data_src}
    result = validate_model(model, data, front.data_src.path, problems)
    problems.raise_if_any()
    assert result is not None
    return result


def check_columns(spec: TableSpec, count: int, name: str, problems: Problems) -> None:
    if len(spec.columns) != count:
        problems.add(spec.pos("columns"), f"tables.{name}.columns: expected {count} column "
                                          f"titles (got {len(spec.columns)})")


def framework_named(content: Content, framework_id: str, pos: Pos) -> Framework:
    for framework in content.frameworks:
        if framework.id == framework_id:
            return framework
    known = [f.id for f in content.frameworks]
    raise UserError([Problem(pos, f"unknown framework '{framework_id}'"
                                  f"{did_you_mean(framework_id, known)}")])


def rules_in_scope(framework: Framework) -> Present:
    """The framework's rules as its documents' templates see them: those the
    framework has (a rule left unset or empty is absent: false in ``{% if %}``,
    an error where a template uses it)."""
    rules = framework.rules
    names = [name for name in type(rules).model_fields if name != "src"]
    present = {name: getattr(rules, name) for name in names
               if getattr(rules, name) not in (None, [])}

    def missing(name: str) -> str:
        return (f"the framework '{framework.id}' has no rule '{name}'"
                f"{'' if name in names else did_you_mean(name, names)}")
    return Present(present, missing)


def listing(items: Iterable[str], separator: str = ", ", last: str = " y ") -> str:
    """``a, b y c``: the items joined, the last with ``last``."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return separator.join(words[:-1]) + last + words[-1]


def words(n: int) -> str:
    """A small count in words, as running text writes it: ``tres``."""
    if not 0 <= n < len(SMALL_NUMBERS):
        raise TemplateInputError(f"cannot write {n} in words (expected 0 to {len(SMALL_NUMBERS) - 1})")
    return SMALL_NUMBERS[n]


def text_cell(text: str, align: str | None = None) -> Cell:
    return Cell([Text(text)], align=align)


def lines_cell(lines: list[str]) -> Cell:
    """One cell, its texts on lines of their own."""
    inlines: list[Inline] = []
    for line in lines:
        if inlines:
            inlines.append(LineBreak())
        inlines.append(Text(line))
    return Cell(inlines)


def heading(spec: TableSpec) -> list[list[Cell]]:
    return [[text_cell(title) for title in spec.columns]]


def systems_by_area(framework: Framework) -> Iterable[tuple[int, Area, int, System]]:
    """Each system with its area's number and, on the area's first system,
    the area's count of systems (0 on the others): the rows its cells span."""
    for number, area in enumerate(framework.areas, start=1):
        for i, system in enumerate(area.systems):
            yield number, area, 0 if i else len(area.systems), system


def area_cells(span: int, *cells: Cell) -> list[Cell]:
    """An area's cells, spanning its ``span`` systems' rows, in the row of
    its first system; none in the rows of the others."""
    return [replace(cell, rowspan=span) for cell in cells] if span else []


def named(system: System) -> str:
    """How running text names a system: ``Sistema Monitoreo del Desempeño``."""
    return system.name if system.name.startswith("Sistema") else f"Sistema {system.name}"


def count_label(system: System) -> str:
    """``4 etapas`` for a system of stages, ``3 objetivos`` for one of objectives."""
    if system.staged:
        n, singular = len(system.stages), "etapa"
    else:
        n, singular = len(system.objectives), "objetivo"
    return f"{n} {singular}{'' if n == 1 else 's'}"


def system_lookup(framework: Framework) -> Callable[[str], System]:
    def system(system_id: str) -> System:
        found = framework.system(system_id)
        if found is None:
            known = [s.id for _, s in framework.systems()]
            raise TemplateInputError(f"unknown system '{system_id}' in framework '{framework.id}'"
                             f"{did_you_mean(system_id, known)}")
        return found

    return system


def general_objective(system: System) -> list[Inline]:
    assert system.general_objective is not None, "checked in setup"
    return inline_markdown(system.general_objective, system.pos("general_objective"))


def missing_general_objectives(framework: Framework, problems: Problems) -> None:
    for _, system in framework.systems():
        if system.general_objective is None:
            problems.add(system.pos(), f"system '{system.id}' has no general_objective "
                                       "(the document lists every system's)")


def systems_subtitle(framework: Framework, spec: TableSpec) -> str:
    return spec.subtitle or framework.short_title or framework.title


def caption_inlines(text: str | None) -> list[Inline] | None:
    return [Text(text)] if text else None


def signer(person: Person) -> Signer:
    """An office holder as a signature: the name in capitals (when known), the office."""
    return Signer(person.name.upper() if person.name else None, person.office)
