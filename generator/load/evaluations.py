"""Read an evaluation file and check it against the commitment it evaluates:
``evaluations/<year>/<name>.yaml`` evaluates ``commitments/<year>/<name>.yaml``.
Every committed item has exactly one result, of the shape its commitment
calls for (the stage reached for a stage; a result per committed objective,
either ``met`` or an indicator's ``measured`` and ``target``), and nothing is
evaluated that was not committed. Every problem is reported at its line, the
commitment's own first."""

from __future__ import annotations

from pathlib import Path

from ..compliance import Compliance, evaluate, item_compliances, total_of
from ..errors import Pos, Problem, Problems, UserError, display_path
from ..model.content import Commitment, CommitmentItem, Content, Framework
from ..model.evaluation import Evaluation, ItemResult
from ..spanish import percent
from .content import read_commitment, read_model

EVALUATIONS = "evaluations"
COMMITMENTS = "commitments"


def commitment_path(content: Content, path: Path) -> Path:
    """The commitment file an evaluation file evaluates."""
    return content.root / COMMITMENTS / path.parent.name / path.name


def read_evaluation(content: Content, path: Path,
                    seen: dict[tuple[str, int, str], Pos]) -> Compliance:
    """Read and check one evaluation file and its commitment (the one loaded
    with the content, or else read from its file); raise :class:`UserError`
    with every problem."""
    problems = Problems()
    evaluation = read_model(Evaluation, path, problems)
    if evaluation is None:
        problems.raise_if_any()
    assert evaluation is not None
    target = commitment_path(content, path)
    if not (target.exists() or target.is_symlink()):
        problems.add(evaluation.pos(), f"no commitment to evaluate: {display_path(target)} "
                                       "is missing (an evaluation file has the name of the "
                                       "commitment file it evaluates)")
        problems.raise_if_any()
    # loaded with the content (and checked) already, or read and checked now;
    # its problems are its own
    commitment = (content.commitments_by_path.get(display_path(target))
                  or read_commitment(content, target, {}))
    framework = content.framework_for(commitment.mechanism, commitment.year)
    assert framework is not None, "the commitment's links are checked"
    problems.extend(_check_names(evaluation, commitment, target, seen))
    problems.extend(_check_results(evaluation, commitment, framework))
    problems.raise_if_any()
    compliance = evaluate(commitment, evaluation, framework)
    if compliance is None:
        total = total_of(item_compliances(commitment, evaluation, framework))
        raise UserError([Problem(evaluation.pos("results"), f"a global compliance of "
                                 f"{percent(total)} is in no tier of the {framework.year} rules "
                                 f"({framework.pos().path})")])
    return compliance


def _check_names(evaluation: Evaluation, commitment: Commitment, target: Path,
                 seen: dict[tuple[str, int, str], Pos]) -> list[Problem]:
    problems = []
    shown = display_path(target)
    for field in ("institution", "year", "mechanism"):
        ours, theirs = getattr(evaluation, field), getattr(commitment, field)
        if ours != theirs:
            problems.append(Problem(evaluation.pos(field), f"{field}: {ours!r}, but {shown} "
                                                           f"commits {theirs!r}"))
    key = (evaluation.institution, evaluation.year, evaluation.mechanism)
    if key in seen:
        problems.append(Problem(evaluation.pos(), "second evaluation for "
                                f"{evaluation.institution} {evaluation.year} "
                                f"{evaluation.mechanism} (first at {seen[key]})"))
    else:
        seen[key] = evaluation.pos()
    return problems


def _check_results(evaluation: Evaluation, commitment: Commitment,
                   framework: Framework) -> list[Problem]:
    problems: list[Problem] = []
    committed = {item.system: item for item in commitment.items}
    first: dict[str, ItemResult] = {}
    for index, result in enumerate(evaluation.results):
        if result.system in first:
            problems.append(Problem(evaluation.pos("results", index),
                                    f"second result for '{result.system}' (first at "
                                    f"{first[result.system].pos()})"))
            continue
        first[result.system] = result
        item = committed.get(result.system)
        if item is None:
            problems.append(Problem(result.pos("system"),
                                    f"'{result.system}' was not committed (committed: "
                                    f"{', '.join(committed)})"))
            continue
        problems.extend(_check_shape(result, item, framework))
    for system, item in committed.items():
        if system not in first:
            problems.append(Problem(evaluation.pos("results"),
                                    f"no result for '{system}', committed at {item.pos()}"))
    rules = framework.rules
    where = f"the {framework.year} rules ({framework.pos().path})"
    if not rules.tiers:
        problems.append(Problem(evaluation.pos(), f"{where} set no pay-increase tiers "
                                                  "(rules.tiers): nothing to evaluate against"))
    return problems


def _check_shape(result: ItemResult, item: CommitmentItem, framework: Framework) -> list[Problem]:
    problems: list[Problem] = []
    system = framework.system(item.system)
    assert system is not None, "the commitment's links are checked"
    if item.stage is not None:
        if result.objectives is not None:
            problems.append(Problem(result.pos("objectives"),
                                    f"objectives: '{item.system}' was committed at stage "
                                    f"{item.stage}, not by objectives (give stage_reached)"))
        if result.stage_reached is None:
            problems.append(Problem(result.pos(), f"stage_reached: missing ('{item.system}' was "
                                                  f"committed at stage {item.stage})"))
        elif result.stage_reached > len(system.stages):
            problems.append(Problem(result.pos("stage_reached"),
                                    f"stage_reached: {result.stage_reached}, but "
                                    f"'{item.system}' has {len(system.stages)} stages"))
        return problems
    if result.stage_reached is not None:
        problems.append(Problem(result.pos("stage_reached"),
                                f"stage_reached: '{item.system}' was committed by objectives, "
                                "not at a stage (give a result for each objective)"))
    if result.objectives is None:
        if result.stage_reached is None:
            problems.append(Problem(result.pos(), f"objectives: missing (a result for each of "
                                                  f"{', '.join(item.objectives or [])})"))
        return problems
    wanted = list(item.objectives or [])
    done: dict[str, Pos] = {}
    for index, objective in enumerate(result.objectives):
        where = objective.pos()
        if objective.objective in done:
            problems.append(Problem(where, f"second result for objective "
                                           f"'{objective.objective}' (first at "
                                           f"{done[objective.objective]})"))
            continue
        done[objective.objective] = where
        if objective.objective not in wanted:
            problems.append(Problem(objective.pos("objective"),
                                    f"objective '{objective.objective}' of '{item.system}' was "
                                    f"not committed (committed: {', '.join(wanted)})"))
            continue
        indicator = objective.measured is not None or objective.target is not None
        if objective.met is not None and indicator:
            problems.append(Problem(where, "give either met or an indicator's measured and "
                                           "target, not both"))
        elif objective.met is None and not indicator:
            problems.append(Problem(where, f"objective '{objective.objective}': missing its "
                                           "result (met: true or false, or measured and target)"))
        elif indicator:
            for field in ("measured", "target"):
                if getattr(objective, field) is None:
                    problems.append(Problem(where, f"{field}: missing (an indicator gives "
                                                   "measured and target)"))
            if framework.rules.indicator_met_at is None:
                problems.append(Problem(where, f"the {framework.year} rules set no share of the "
                                               "target at which an indicator is met "
                                               "(rules.indicator_met_at)"))
    for objective_id in wanted:
        if objective_id not in done:
            problems.append(Problem(result.pos("objectives"),
                                    f"no result for committed objective '{objective_id}' of "
                                    f"'{item.system}'"))
    return problems
