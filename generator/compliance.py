"""What an evaluation is worth: each committed item counts 100 % or 0 % of its
weight, the global compliance is the sum of the weights obtained, and the
year's tiers (``rules.tiers``) give the pay increase it earns.

A system committed at a stage is met when the stage reached is the one
committed or a later one; a system committed by objectives is met when every
one of its committed objectives is (the decree's "cumplimiento total de sus
contenidos y exigencias"); an objective measured by an indicator is met when
the value measured reaches ``rules.indicator_met_at`` % of the target. The
arithmetic is exact (weights are decimals, and nothing is divided), so a
compliance of exactly 90 % is 90 %, and a tier applies at its boundary."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model.content import Commitment, CommitmentItem, Framework, Rules, Tier
from .model.evaluation import Evaluation, ItemResult, ObjectiveResult

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ObjectiveCompliance:
    result: ObjectiveResult
    met: bool


@dataclass(frozen=True)
class ItemCompliance:
    item: CommitmentItem
    result: ItemResult
    objectives: list[ObjectiveCompliance]
    met: bool

    @property
    def compliance(self) -> Decimal:
        """100 or 0 (per cent)."""
        return HUNDRED if self.met else Decimal(0)

    @property
    def obtained(self) -> Decimal:
        """The weight obtained: the item's weight if met, else 0."""
        return self.item.weight if self.met else Decimal(0)


@dataclass(frozen=True)
class Compliance:
    """An institution's evaluated year: its items in the commitment's order."""

    commitment: Commitment
    evaluation: Evaluation
    framework: Framework
    items: list[ItemCompliance]
    tier: Tier

    @property
    def total(self) -> Decimal:
        """The global compliance, per cent."""
        return total_of(self.items)

    @property
    def increase(self) -> Decimal:
        """The pay increase earned, per cent."""
        return self.tier.increase

    @property
    def mechanism(self) -> str:
        return self.commitment.mechanism

    @property
    def institution(self) -> str:
        return self.commitment.institution


def indicator_met(result: ObjectiveResult, rules: Rules) -> bool:
    """``measured`` reaches ``indicator_met_at`` % of ``target`` (compared
    without dividing)."""
    assert result.measured is not None and result.target is not None
    assert rules.indicator_met_at is not None, "checked on load"
    return result.measured * HUNDRED >= rules.indicator_met_at * result.target


def objective_met(result: ObjectiveResult, rules: Rules) -> bool:
    if result.met is not None:
        return result.met
    return indicator_met(result, rules)


def tier_for(tiers: list[Tier], total: Decimal) -> Tier | None:
    """The tier of the highest minimum that ``total`` reaches."""
    reached = [tier for tier in tiers if total >= tier.min_compliance]
    return max(reached, key=lambda tier: tier.min_compliance, default=None)


def tier_above(tiers: list[Tier], tier: Tier) -> Tier | None:
    """The tier next above ``tier`` (None for the top one): the bound below
    which ``tier`` applies."""
    return min((t for t in tiers if t.min_compliance > tier.min_compliance),
               key=lambda t: t.min_compliance, default=None)


def evaluate(commitment: Commitment, evaluation: Evaluation,
             framework: Framework) -> Compliance | None:
    """The compliance of a checked evaluation (:mod:`generator.load.evaluations`);
    None when its global compliance is in none of the year's tiers."""
    items = item_compliances(commitment, evaluation, framework)
    tier = tier_for(framework.rules.tiers, total_of(items))
    return None if tier is None else Compliance(commitment, evaluation, framework, items, tier)


def total_of(items: list[ItemCompliance]) -> Decimal:
    return sum((item.obtained for item in items), Decimal(0))


def item_compliances(commitment: Commitment, evaluation: Evaluation,
                     framework: Framework) -> list[ItemCompliance]:
    """Each committed item's result and whether it is met, in the commitment's order."""
    rules = framework.rules
    results = {result.system: result for result in evaluation.results}
    items = []
    for item in commitment.items:
        result = results[item.system]
        if item.stage is not None:
            assert result.stage_reached is not None, "checked on load"
            items.append(ItemCompliance(item, result, [], result.stage_reached >= item.stage))
            continue
        by_id = {o.objective: o for o in result.objectives or []}
        objectives = [ObjectiveCompliance(by_id[o], objective_met(by_id[o], rules))
                      for o in item.objectives or []]
        items.append(ItemCompliance(item, result, objectives, all(o.met for o in objectives)))
    return items
