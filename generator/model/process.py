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
from typing import Iterator

from pydantic import Field

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
