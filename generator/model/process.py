"""The process of a technical guide, read from YAML: numbered stages of steps
(activities and decisions), with their responsibles, inputs and records.

A step goes on to the step after it (the end after the last step) unless it
says otherwise: an activity with ``next``, a decision with ``yes_to`` /
``no_to`` (keys chosen so that YAML does not read them as booleans). Stages
are numbered by their position, and every record and responsible is named
once in a catalogue and cited by id, so the process table, the diagram and
the guide's list of records name each the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from pydantic import Field

from ..errors import Pos, Problems, UserError, did_you_mean, display_path
from ..load import validate_model
from ..yamlsrc import YamlProblem, load_yaml
from .base import Id, Located, Text

#: Node ids of the start and the end of the flow: not valid step ids.
START, END = "_start", "_end"
#: Marks of inline Markdown that would show as such in the diagram.
MARKUP = ("[@", "[-@", "[#", "[^")


class Responsible(Located):
    id: Id
    name: Text = Field(description="inline Markdown")


class Record(Located):
    id: Id
    name: Text = Field(description="inline Markdown, without references (also drawn)")


class Step(Located):
    id: Id
    activity: Text | None = Field(default=None, description="an activity's name (plain text)")
    decision: Text | None = Field(default=None, description="a decision's question (plain text)")
    description: Text = Field(description="inline Markdown; one line of the table per line")
    responsible: Id
    inputs: list[Text] = Field(default_factory=list, description="inline Markdown each")
    records: list[Id] = Field(default_factory=list)
    next: Id | None = Field(default=None, description="an activity's next step")
    yes_to: Id | None = Field(default=None, description="a decision's step on yes")
    no_to: Id | None = Field(default=None, description="a decision's step on no")

    @property
    def name(self) -> str:
        """The activity's name or the decision's question."""
        return self.activity or self.decision or ""

    @property
    def is_decision(self) -> bool:
        return self.decision is not None


class Stage(Located):
    id: Id
    steps: list[Step] = Field(min_length=1)


class Process(Located):
    name: Text
    responsibles: list[Responsible] = Field(min_length=1)
    records: list[Record] = Field(default_factory=list)
    stages: list[Stage] = Field(min_length=1)

    def steps(self) -> Iterator[tuple[int, Step]]:
        """Every step with the number of its stage (1, 2, …), in order."""
        for number, stage in enumerate(self.stages, start=1):
            for step in stage.steps:
                yield number, step

    def stage_numbers(self) -> dict[str, int]:
        return {stage.id: number for number, stage in enumerate(self.stages, start=1)}

    def responsible(self, step: Step) -> Responsible:
        return next(r for r in self.responsibles if r.id == step.responsible)

    def step_records(self, step: Step) -> list[Record]:
        by_id = {r.id: r for r in self.records}
        return [by_id[r] for r in step.records]

    def records_in_order(self) -> list[Record]:
        """The records the steps name, each once, in the order of first naming."""
        named = dict.fromkeys(r for _, step in self.steps() for r in step.records)
        by_id = {r.id: r for r in self.records}
        return [by_id[r] for r in named]

    def edges(self) -> Iterator[Edge]:
        """The flow: from the start to the first step, then each step's ways out."""
        steps = [step for _, step in self.steps()]
        following = {s.id: (steps[i + 1].id if i + 1 < len(steps) else END)
                     for i, s in enumerate(steps)}
        yield Edge(START, steps[0].id, None)
        for step in steps:
            if step.is_decision:
                yield Edge(step.id, step.yes_to or following[step.id], True)
                yield Edge(step.id, step.no_to or following[step.id], False)
            else:
                yield Edge(step.id, step.next or following[step.id], None)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    answer: bool | None  # a decision's branch: True for yes, False for no


def load_process(path: Path) -> Process:
    """Read and check a process file; raise :class:`UserError` with every problem."""
    shown = display_path(path)
    problems = Problems()
    try:
        data = load_yaml(path)
    except YamlProblem as exc:
        raise UserError([exc.problem]) from None
    process = validate_model(Process, data, shown, problems)
    problems.raise_if_any()
    assert process is not None
    problems.extend(check_process(process).items)
    problems.raise_if_any()
    return process


def check_process(process: Process) -> Problems:
    """Ids unique and known, each step an activity or a decision with its
    ways out, plain-text names, every step reachable, every catalogue entry used."""
    problems = Problems()
    step_ids = _unique([step for _, step in process.steps()], "step", problems)
    responsible_ids = _unique(process.responsibles, "responsible", problems)
    record_ids = _unique(process.records, "record", problems)
    _unique(process.stages, "stage", problems)
    for _, step in process.steps():
        _check_kind(step, problems)
        for key in ("activity", "decision"):
            if any(mark in (getattr(step, key) or "") for mark in MARKUP):
                problems.add(step.pos(key), f"{key}: no references or footnotes in a name "
                                            "(it is drawn in the diagram as plain text)")
        _known(step.responsible, responsible_ids, "responsible", step.pos("responsible"), problems)
        for i, record in enumerate(step.records):
            _known(record, record_ids, "record", step.pos("records", i), problems)
        for key in ("next", "yes_to", "no_to"):
            target = getattr(step, key)
            if target is not None:
                _known(target, step_ids, "step", step.pos(key), problems)
    for record in process.records:
        if not any(record.id in step.records for _, step in process.steps()):
            problems.add(record.pos("id"), f"record '{record.id}' is named by no step")
    for responsible in process.responsibles:
        if not any(responsible.id == step.responsible for _, step in process.steps()):
            problems.add(responsible.pos("id"), f"responsible '{responsible.id}' has no step")
    if not problems:
        _check_reachable(process, problems)
    return problems


def _unique(items: list, what: str, problems: Problems) -> set[str]:
    seen: dict[str, Pos] = {}
    for item in items:
        if item.id in seen:
            problems.add(item.pos("id"), f"duplicate {what} '{item.id}' (first at {seen[item.id]})")
        else:
            seen[item.id] = item.pos("id")
    return set(seen)


def _known(value: str, known: set[str], what: str, pos: Pos, problems: Problems) -> None:
    if value not in known:
        problems.add(pos, f"unknown {what} '{value}'{did_you_mean(value, known)}")


def _check_kind(step: Step, problems: Problems) -> None:
    if (step.activity is None) == (step.decision is None):
        got = "both" if step.activity else "neither"
        problems.add(step.pos(), f"step '{step.id}': give either 'activity' or 'decision' "
                                 f"(got {got})")
    elif step.is_decision:
        if step.next is not None:
            problems.add(step.pos("next"), f"step '{step.id}': a decision goes on with "
                                           "'yes_to' / 'no_to', not 'next'")
        if step.yes_to is None and step.no_to is None:
            problems.add(step.pos(), f"step '{step.id}': a decision needs 'yes_to' or 'no_to' "
                                     "(both answers would go on to the next step)")
    else:
        for key in ("yes_to", "no_to"):
            if getattr(step, key) is not None:
                problems.add(step.pos(key), f"step '{step.id}': '{key}' is for decisions "
                                            "(an activity goes on with 'next')")


def _check_reachable(process: Process, problems: Problems) -> None:
    ways: dict[str, list[str]] = {}
    for edge in process.edges():
        ways.setdefault(edge.source, []).append(edge.target)
    reached, pending = {START}, [START]
    while pending:
        for target in ways.get(pending.pop(), []):
            if target not in reached:
                reached.add(target)
                pending.append(target)
    for _, step in process.steps():
        if step.id not in reached:
            problems.add(step.pos(), f"step '{step.id}' cannot be reached from the start")
    if END not in reached:
        problems.add(process.pos(), "the process never reaches its end")
