"""The evaluation of a year's commitments: for each institution, what each
committed item achieved, as the verifiers recorded it
(``content/evaluations/<year>/<name>.yaml``, evaluating
``content/commitments/<year>/<name>.yaml``). What the shapes must be (a stage
reached for a stage, a result per committed objective) is checked against the
commitment by :mod:`generator.load.evaluations`; what the results are worth,
by :mod:`generator.compliance`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import Field

from .base import Id, Located, Text
from .content import Decree


class ObjectiveResult(Located):
    """One committed objective: ``met`` as the verifier found it, or, for an
    objective measured by an indicator, the value ``measured`` against its
    ``target`` (met at the share of the target the year's rules set,
    ``rules.indicator_met_at``)."""

    objective: Id
    met: bool | None = None
    measured: Decimal | None = Field(default=None, ge=0)
    target: Decimal | None = Field(default=None, gt=0)
    note: Text | None = Field(default=None, description="the verifier's note")


class ItemResult(Located):
    """What one committed system achieved: the stage reached (a system
    committed at a stage), or a result per committed objective."""

    system: Id
    stage_reached: int | None = Field(default=None, ge=0)
    objectives: list[ObjectiveResult] | None = None
    note: Text | None = Field(default=None, description="the verifier's note")


class Evaluation(Located):
    example: bool = Field(
        default=False, description="true for illustrative data not taken from a real evaluation"
    )
    institution: Id
    year: int = Field(ge=1998, le=2100)
    mechanism: Id
    report: dt.date | None = Field(
        default=None, description="the date of the institution's compliance report")
    decree: Decree | None = Field(default=None, description="the evaluation decree's own number")
    results: list[ItemResult] = Field(min_length=1)
