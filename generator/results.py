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

from .compliance import HUNDRED, Compliance, tier_above
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
    share: Decimal  # of the institutions evaluated, per cent


@dataclass(frozen=True)
class SystemResult:
    name: str
    committed: int
    met: int

    @property
    def share(self) -> Decimal:
        """Of those that committed it, how many met it, per cent."""
        return share(self.met, self.committed)


@dataclass(frozen=True)
class MinistryResult:
    name: str
    institutions: list[Compliance]

    @property
    def average(self) -> Decimal:
        return average([c.total for c in self.institutions])


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
    tiers = ordered[0].framework.rules.tiers if ordered else []
    tier_results = []
    for tier in sorted(tiers, key=lambda t: -t.min_compliance):
        above = tier_above(tiers, tier)
        members = [c for c in ordered if c.tier.min_compliance == tier.min_compliance]
        tier_results.append(TierResult(tier, above.min_compliance if above else None, members,
                                       share(len(members), len(ordered))))
    # the systems in their frameworks' order, those committed by someone
    names = {system.id: system.name for c in ordered for _, system in c.framework.systems()}
    items = [item for c in ordered for item in c.items]
    systems = [SystemResult(name, sum(1 for i in items if i.item.system == system_id),
                            sum(1 for i in items if i.item.system == system_id and i.met))
               for system_id, name in names.items()]
    ministries = []
    for ministry in content.ministries:
        slugs = {service.slug for service in ministry.services}
        members = [c for c in ordered if c.institution in slugs]
        if members:
            ministries.append(MinistryResult(ministry.name, members))
    return YearResults(year, ordered, tier_results, [s for s in systems if s.committed],
                       ministries)


def _name(content: Content, compliance: Compliance) -> str:
    return content.services[compliance.institution][1].name
