"""The year's rules applied to commitments: each rule through a content file
(exact message and line), then properties over random commitments."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.links import check_links
from generator.load.content import load_content
from generator.model.content import Commitment
from generator.load.rules import check_rules, pct

C09 = "commitments/2009/superintendencia-de-salud.yaml"
C12 = "commitments/2012/superintendencia-de-salud.yaml"
SMA = "commitments/2012/superintendencia-del-medio-ambiente.yaml"
F12 = "frameworks/mei-2012.yaml"

# --- weights --------------------------------------------------------------------------


def test_weights_under_100(content, errors, edit):
    edit(content / C09, "weight: 45", "weight: 40")
    assert errors(content) == [f"content/{C09}:4: error: weights sum to 95 % (expected 100 %)"]


def test_weights_over_100(content, errors, edit):
    edit(content / C09, "weight: 45", "weight: 45.25")
    assert errors(content) == [f"content/{C09}:4: error: weights sum to 100.25 % (expected 100 %)"]


def test_decimal_weights_that_sum_to_100_pass(content, edit):
    edit(content / C09, "weight: 50", "weight: 33.3")
    edit(content / C09, "weight: 45", "weight: 33.3")
    edit(content / C09, "weight: 5\n", "weight: 33.4\n")
    load_content(content)


def test_weight_under_the_minimum(content, errors, edit):
    edit(content / C09, "weight: 45", "weight: 46")
    edit(content / C09, "weight: 5\n", "weight: 4\n")
    assert errors(content) == [
        f"content/{C09}:16: error: weight of 'oirs' is 4 %, under the minimum of 5 % "
        "set by the 2009 rules"]


def test_decimal_weight_under_the_minimum(content, errors, edit):
    edit(content / C09, "weight: 45", "weight: 45.5")
    edit(content / C09, "weight: 5\n", "weight: 4.5\n")
    assert errors(content) == [
        f"content/{C09}:16: error: weight of 'oirs' is 4.5 %, under the minimum of 5 % "
        "set by the 2009 rules"]


def test_weight_at_the_minimum_passes(content):
    text = (content / C09).read_text()
    assert "weight: 5\n" in text
    load_content(content)


# --- required systems --------------------------------------------------------------------


def test_required_system_missing(content, errors, edit):
    edit(content / C12, "  - system: monitoreo\n    objectives: [medir, informar, cumplir]\n"
         "    priority: Alta\n    weight: 60\n", "")
    edit(content / C12, "weight: 20", "weight: 80")
    assert errors(content) == [
        f"content/{C12}:6: error: required system 'monitoreo' is missing (the 2012 rules)"]


def test_required_system_under_its_minimum_weight(content, errors, edit):
    edit(content / C12, "weight: 60", "weight: 55")
    edit(content / C12, "weight: 20", "weight: 25")
    assert errors(content) == [
        f"content/{C12}:10: error: weight of 'monitoreo' is 55 %, under the 60 % required "
        "by the 2012 rules"]


def test_required_system_with_the_wrong_priority(content, errors, edit):
    edit(content / SMA, "priority: Alta", "priority: Mediana")
    assert errors(content) == [
        f"content/{SMA}:7: error: priority of 'monitoreo' is Mediana "
        "(expected Alta by the 2012 rules)"]


def test_required_system_missing_objectives(content, errors, edit):
    edit(content / C12, "[medir, informar, cumplir]", "[cumplir]")
    assert errors(content) == [
        f"content/{C12}:8: error: 'monitoreo' must be committed with all its objectives "
        "(missing medir, informar; the 2012 rules)"]


def test_required_system_with_objectives_in_another_order_passes(content, edit):
    edit(content / C12, "[medir, informar, cumplir]", "[cumplir, medir, informar]")
    load_content(content)


def test_required_system_breaking_every_rule(content, errors, edit):
    edit(content / C12, "    objectives: [medir, informar, cumplir]\n    priority: Alta\n"
         "    weight: 60", "    objectives: [medir]\n    priority: Menor\n    weight: 4")
    edit(content / C12, "weight: 20", "weight: 76")
    assert errors(content) == [
        f"content/{C12}:8: error: 'monitoreo' must be committed with all its objectives "
        "(missing informar, cumplir; the 2012 rules)",
        f"content/{C12}:9: error: priority of 'monitoreo' is Menor (expected Alta by the 2012 rules)",
        f"content/{C12}:10: error: weight of 'monitoreo' is 4 %, under the 60 % required by "
        "the 2012 rules",
        f"content/{C12}:10: error: weight of 'monitoreo' is 4 %, under the minimum of 5 % set by "
        "the 2012 rules",
    ]


# --- stages ------------------------------------------------------------------------------


def test_stage_lower_than_min_stage(content, errors, edit):
    edit(content / C12, "stage: 2", "stage: 1")
    assert errors(content) == [
        f"content/{C12}:12: error: stage 1 of 'seguridad' is lower than stage 2 required by "
        "the 2012 rules"]


@pytest.mark.parametrize("stage", [2, 3, 4])
def test_min_stage_system_at_or_above_its_minimum_passes(content, edit, stage):
    edit(content / C12, "stage: 2", f"stage: {stage}")
    load_content(content)


def test_stage_not_the_last(content, errors, edit):
    edit(content / C12, "stage: 3", "stage: 2")
    assert errors(content) == [
        f"content/{C12}:16: error: 'compras' must be committed at its last stage, 3 "
        "(got 2; the 2012 rules)"]


@pytest.mark.parametrize("stage", [1, 2])
def test_voluntary_system_is_exempt_from_last_stage(content, edit, stage):
    edit(content / C12, "calidad-iso\n    stage: 1", f"calidad-iso\n    stage: {stage}")
    framework = load_content(content).framework_for("mei", 2012)
    system = framework.system("calidad-iso")
    assert system.voluntary and len(system.stages) == 2


def test_not_voluntary_any_more_then_last_stage_applies(content, errors, edit):
    edit(content / F12, "        voluntary: true\n", "")
    assert errors(content) == [
        f"content/{C12}:20: error: 'calidad-iso' must be committed at its last stage, 2 "
        "(got 1; the 2012 rules)"]


def test_without_last_stage_any_stage_passes(content, edit):
    edit(content / F12, "  last_stage: true\n", "  last_stage: false\n")
    edit(content / C12, "stage: 3", "stage: 1")
    load_content(content)


def test_several_rules_in_several_files_sorted(content, errors, edit):
    edit(content / C12, "stage: 3", "stage: 1")
    edit(content / C12, "stage: 2", "stage: 1")
    edit(content / SMA, "weight: 20", "weight: 10")
    edit(content / C09, "weight: 5\n", "weight: 3\n")
    assert errors(content) == [
        f"content/{C09}:4: error: weights sum to 98 % (expected 100 %)",
        f"content/{C09}:16: error: weight of 'oirs' is 3 %, under the minimum of 5 % set by "
        "the 2009 rules",
        f"content/{C12}:12: error: stage 1 of 'seguridad' is lower than stage 2 required by "
        "the 2012 rules",
        f"content/{C12}:16: error: 'compras' must be committed at its last stage, 3 "
        "(got 1; the 2012 rules)",
        f"content/{SMA}:4: error: weights sum to 90 % (expected 100 %)",
    ]


def test_pct():
    assert pct(Decimal("60")) == "60 %"
    assert pct(Decimal("7.50")) == "7.5 %"
    assert pct(Decimal("1E+2")) == "100 %"
    assert pct(Decimal("0.25")) == "0.25 %"


# --- properties ------------------------------------------------------------------------------

CONTENT = load_content(Path(__file__).parent / "fixtures" / "content-min")
FRAMEWORK = CONTENT.framework_for("mei", 2012)
RULES = FRAMEWORK.rules
REQUIRED = {rule.system: rule for rule in RULES.required}
MIN_STAGE = {rule.system: rule.stage for rule in RULES.min_stage}
SYSTEMS = [system for _, system in FRAMEWORK.systems()]
PRIORITIES = ["Alta", "Mediana", "Menor"]


def _minimum(system_id: str) -> Decimal:
    rule = REQUIRED.get(system_id)
    floors = [RULES.min_weight or Decimal(0)]
    if rule is not None and rule.min_weight is not None:
        floors.append(rule.min_weight)
    return max(floors)


@st.composite
def valid_items(draw) -> list[dict]:
    """Items that obey the fixture's 2012 rules: every required system, any subset of
    the others, stages and objectives as the rules ask, weights summing to the total."""
    optional = [s for s in SYSTEMS if s.id not in REQUIRED]
    chosen = [s for s in SYSTEMS if s.id in REQUIRED]
    chosen += draw(st.lists(st.sampled_from(optional), unique_by=lambda s: s.id))
    chosen = draw(st.permutations(chosen))

    step = draw(st.sampled_from([Decimal(1), Decimal("0.5"), Decimal("0.1")]))
    units = int(RULES.weights_total / step)
    floors = [int(-(-_minimum(s.id) // step)) or 1 for s in chosen]
    spare = units - sum(floors)
    cuts = sorted(draw(st.lists(st.integers(0, spare), min_size=len(chosen) - 1,
                                max_size=len(chosen) - 1)))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, spare])]

    items = []
    for system, floor, part in zip(chosen, floors, parts):
        rule = REQUIRED.get(system.id)
        item = {"system": system.id, "weight": (floor + part) * step,
                "priority": (rule.priority.value if rule and rule.priority
                             else draw(st.sampled_from(PRIORITIES)))}
        if system.staged:
            last = len(system.stages)
            if system.id in MIN_STAGE:
                item["stage"] = draw(st.integers(MIN_STAGE[system.id], last))
            elif system.voluntary or not RULES.last_stage:
                item["stage"] = draw(st.integers(1, last))
            else:
                item["stage"] = last
        else:
            ids = [o.id for o in system.objectives]
            if rule and rule.all_objectives:
                item["objectives"] = draw(st.permutations(ids))
            else:
                item["objectives"] = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        items.append(item)
    return items


def _commitment(items: list[dict]) -> Commitment:
    return Commitment.model_validate({"institution": "superintendencia-de-salud", "year": 2012,
                                      "mechanism": "mei", "items": items})


def test_the_property_framework_has_every_kind_of_rule():
    assert RULES.min_weight and REQUIRED and MIN_STAGE and RULES.last_stage
    assert any(s.voluntary for s in SYSTEMS) and any(not s.staged for s in SYSTEMS)


@settings(max_examples=50, deadline=None)
@given(valid_items())
def test_valid_random_commitments_pass(items):
    commitment = _commitment(items)
    assert sum(item.weight for item in commitment.items) == RULES.weights_total
    assert check_rules(FRAMEWORK, commitment) == []
    # and they are valid against the framework's ids too (not only its rules)
    assert check_links(dataclasses.replace(CONTENT, commitments=[commitment])) == []


@settings(max_examples=50, deadline=None)
@given(valid_items(), st.data())
def test_a_weight_that_breaks_the_sum_fails(items, data):
    index = data.draw(st.integers(0, len(items) - 1), label="index")
    weight = items[index]["weight"]
    delta = data.draw(st.decimals(min_value=Decimal("0.01") - weight, max_value=100 - weight,
                                  places=2).filter(lambda d: d != 0), label="delta")
    items[index]["weight"] = weight + delta
    assert 0 < items[index]["weight"] <= 100
    commitment = _commitment(items)
    messages = [p.message for p in check_rules(FRAMEWORK, commitment)]
    assert f"weights sum to {pct(RULES.weights_total + delta)} (expected 100 %)" in messages


@settings(max_examples=50, deadline=None)
@given(valid_items(), st.data())
def test_dropping_a_required_system_fails(items, data):
    kept = [item for item in items if item["system"] not in REQUIRED]
    if not kept:
        kept = [{"system": "compras", "stage": 3, "priority": "Menor", "weight": Decimal(100)}]
    messages = [p.message for p in check_rules(FRAMEWORK, _commitment(kept))]
    for system in REQUIRED:
        assert f"required system '{system}' is missing (the 2012 rules)" in messages
