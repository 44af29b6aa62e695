"""A year's results, computed from its evaluated commitments
(:class:`~generator.compliance.Compliance`): how many institutions, the
average compliance, how many reached each tier and 100 %, each system's
commitments and how many were met, each ministry's figures. Counts are exact;
averages and shares are rounded once, here, to one decimal (half up), so
that every figure a report shows is the one computed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

from .compliance import HUNDRED, Compliance
from .model.content import Content, Tier

ONE_DECIMAL = Decimal("0.1")
#: The bins of the distribution's histogram: lower bounds, per cent (the
#: last bin is exactly 100 %).
BINS = (Decimal(0), Decimal(75), Decimal(80), Decimal(85), Decimal(90), Decimal(95), HUNDRED)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal:
    """``part`` of ``whole``, per cent, to one decimal."""
    return rounded(Decimal(part) * HUNDRED / Decimal(whole)) if whole else Decimal(0)


def average(values: Sequence[Decimal]) -> Decimal:
    return rounded(sum(values, Decimal(0)) / Decimal(len(values))) if values else Decimal(0)


@dataclass(frozen=True)
class TierResult:
    tier: Tier
    below: Decimal | None  # the next tier's minimum; None at the top
    institutions: list[Compliance]


@dataclass(frozen=True)
class SystemResult:
    system_id: str
    name: str
    committed: int
    met: int


@dataclass(frozen=True)
class MinistryResult:
    name: str
    institutions: list[Compliance]


@dataclass(frozen=True)
class YearResults:
    year: int
    evaluated: list[Compliance]  # by global compliance, highest first, then by name
    tiers: list[TierResult]  # highest first
    systems: list[SystemResult]
    ministries: list[MinistryResult]

    @property
    def count(self) -> int:
        return len(self.evaluated)

    @property
    def average(self) -> Decimal:
        return average([c.total for c in self.evaluated])

    @property
    def full(self) -> int:
        """How many met every commitment (100 %)."""
        return sum(1 for c in self.evaluated if c.total == HUNDRED)

    def histogram(self) -> list[tuple[Decimal, Decimal | None, int]]:
        """Each bin's lower bound, upper bound (excluded; None for the 100 %
        bin) and count."""
        bins = []
        for low, high in zip(BINS, [*BINS[1:], None]):
            if high is None:
                count = sum(1 for c in self.evaluated if c.total == low)
            else:
                count = sum(1 for c in self.evaluated if low <= c.total < high)
            bins.append((low, high, count))
        return bins


def year_results(content: Content, year: int, evaluated: list[Compliance]) -> YearResults:
    """The results of ``evaluated`` (all under frameworks with the same tiers)."""
    ordered = sorted(evaluated, key=lambda c: (-c.total, _name(content, c)))
    tiers = sorted(ordered[0].framework.rules.tiers, key=lambda t: -t.min_compliance) \
        if ordered else []
    tier_results = [TierResult(tier, tiers[i - 1].min_compliance if i else None,
                               [c for c in ordered if c.tier.min_compliance == tier.min_compliance])
                    for i, tier in enumerate(tiers)]
    systems: dict[str, SystemResult] = {}
    for framework in {id(c.framework): c.framework for c in ordered}.values():
        for _, system in framework.systems():
            items = [item for c in ordered if c.framework is framework for item in c.items
                     if item.item.system == system.id]
            old = systems.get(system.id)
            committed = len(items) + (old.committed if old else 0)
            met = sum(1 for item in items if item.met) + (old.met if old else 0)
            systems[system.id] = SystemResult(system.id, system.name, committed, met)
    ministries = []
    for ministry in content.ministries:
        slugs = {service.slug for service in ministry.services}
        members = [c for c in ordered if c.institution in slugs]
        if members:
            ministries.append(MinistryResult(ministry.name, members))
    return YearResults(year, ordered, tier_results,
                       [s for s in systems.values() if s.committed], ministries)


def _name(content: Content, compliance: Compliance) -> str:
    return content.services[compliance.institution][1].name
