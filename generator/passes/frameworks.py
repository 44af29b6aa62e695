"""The label table of a framework: its objectives, numbered as every
document numbers them (1..n in each system, in the order of
:meth:`~generator.model.content.System.all_objectives`), so that documents
write an objective's number as a reference to it
(``[-@mei-2009/obj:compras.com-10]``) and a diff review sees an inserted
objective renumber the ones after it.

A framework is not a document: its table is made from the data, not by the
numbering pass, and documents name it by the framework's id.
"""

from __future__ import annotations

from ..model.content import Content, Framework, Objective, System
from ..model.document import Ref
from ..model.labels import Label, LabelTable
from ..read.markdown import inline_markdown
from .numbering import label_title

#: The kind of a framework's label table (documents have their own kinds).
FRAMEWORK_KIND = "framework"


def objective_label(system: System, objective: Objective) -> str:
    """The label of an objective in its framework's table: ``obj:compras.com-10``."""
    return f"obj:{system.id}.{objective.id}"


def objective_ref(framework: Framework, system: System, objective: Objective) -> Ref:
    """The objective's number as a reference to its label in the framework's table."""
    return Ref(label=objective_label(system, objective), form="number", document=framework.id)


def framework_labels(framework: Framework) -> LabelTable:
    """Every objective of ``framework``, system by system, numbered by its
    position in its system."""
    table = LabelTable(framework.id, FRAMEWORK_KIND)
    for _, system in framework.systems():
        for i, objective in enumerate(system.all_objectives(), start=1):
            table.labels[objective_label(system, objective)] = _objective(system, objective, i)
    return table


def _objective(system: System, objective: Objective, i: int) -> Label:
    """The label of the ``i``-th objective of ``system``."""
    return Label("obj", f"{system.id}.{objective.id}", (i,),
                 display=f"{system.name}, objetivo {i}", full=f"objetivo {i}", short=str(i),
                 title=_plain(objective), pos=objective.pos())


def _plain(objective: Objective) -> str:
    """The objective's text as plain text, without its footnote calls."""
    if objective.text is None:
        return ""
    return label_title(inline_markdown(objective.text, objective.pos("text")))


def frameworks_library(content: Content | None) -> dict[str, LabelTable]:
    """The label table of every framework of ``content`` by its id, for the
    references of documents (none without content)."""
    frameworks = content.frameworks if content is not None else []
    return {framework.id: framework_labels(framework) for framework in frameworks}
