"""The year's formulation rules, applied to a commitment. The rules are data
of the framework (:class:`~generator.model.content.Rules`); this module only
knows how each kind of rule is checked."""

from __future__ import annotations

from decimal import Decimal

from ..errors import Problem
from ..model.content import Commitment, Content, Framework


def pct(value: Decimal) -> str:
    """A percentage for messages: ``60 %``, ``7.5 %``."""
    text = format(value.normalize(), "f")
    return f"{text} %"


def check_commitment_rules(content: Content, commitment: Commitment) -> list[Problem]:
    framework = content.framework_for(commitment.mechanism, commitment.year)
    assert framework is not None, "links are checked before rules"
    return check_rules(framework, commitment)


def check_rules(framework: Framework, commitment: Commitment) -> list[Problem]:
    rules = framework.rules
    problems: list[Problem] = []
    items = {item.system: item for item in commitment.items}
    where = f"the {framework.year} rules"

    total = sum((item.weight for item in commitment.items), Decimal(0))
    if total != rules.weights_total:
        problems.append(Problem(commitment.pos("items"),
                                f"weights sum to {pct(total)} (expected {pct(rules.weights_total)})"))
    if rules.min_weight is not None:
        for item in commitment.items:
            if item.weight < rules.min_weight:
                problems.append(Problem(item.pos("weight"),
                                        f"weight of '{item.system}' is {pct(item.weight)}, under the "
                                        f"minimum of {pct(rules.min_weight)} set by {where}"))

    for rule in rules.required:
        item = items.get(rule.system)
        if item is None:
            problems.append(Problem(commitment.pos("items"),
                                    f"required system '{rule.system}' is missing ({where})"))
            continue
        if rule.min_weight is not None and item.weight < rule.min_weight:
            problems.append(Problem(item.pos("weight"),
                                    f"weight of '{rule.system}' is {pct(item.weight)}, under the "
                                    f"{pct(rule.min_weight)} required by {where}"))
        if rule.priority is not None and item.priority != rule.priority:
            problems.append(Problem(item.pos("priority"),
                                    f"priority of '{rule.system}' is {item.priority.value} "
                                    f"(expected {rule.priority.value} by {where})"))
        if rule.all_objectives:
            system = framework.system(rule.system)
            expected = [o.id for o in system.objectives] if system else []
            missing = [o for o in expected if o not in (item.objectives or [])]
            if missing:
                problems.append(Problem(item.pos("objectives"),
                                        f"'{rule.system}' must be committed with all its objectives "
                                        f"(missing {', '.join(missing)}; {where})"))

    minimum = {rule.system: rule.stage for rule in rules.min_stage}
    for item in commitment.items:
        system = framework.system(item.system)
        if system is None or not system.staged or item.stage is None:
            continue
        if item.system in minimum:
            if item.stage < minimum[item.system]:
                problems.append(Problem(item.pos("stage"),
                                        f"stage {item.stage} of '{item.system}' is lower than "
                                        f"stage {minimum[item.system]} required by {where}"))
        elif rules.last_stage and not system.voluntary and item.stage != len(system.stages):
            problems.append(Problem(item.pos("stage"),
                                    f"'{item.system}' must be committed at its last stage, "
                                    f"{len(system.stages)} (got {item.stage}; {where})"))
    return problems
