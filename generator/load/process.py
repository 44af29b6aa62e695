"""Reading and checking a guide's process file (:mod:`generator.model.process`)."""

from __future__ import annotations

from pathlib import Path

from ..errors import Pos, Problems, UserError, did_you_mean, display_path
from ..model.process import END, MARKUP, START, Process, Step
from .validate import validate_model
from .yamlsrc import YamlProblem, load_yaml


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
