"""Checks of the links between content files: ids unique, every id that is
referred to exists (with a "did you mean" hint), commitments against the
year's framework."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..errors import Pos, Problem, did_you_mean
from ..model.content import Commitment, Content, Framework, System

FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")


def check_links(content: Content) -> list[Problem]:
    """Every link check of a content tree."""
    problems = check_shared_links(content)
    seen: dict[tuple[str, int, str], Pos] = {}
    for commitment in content.commitments:
        problems += check_commitment_links(content, commitment, seen)
    return problems


def check_shared_links(content: Content) -> list[Problem]:
    """Institutions and frameworks: what every commitment is checked against."""
    problems: list[Problem] = []
    problems += _check_institutions(content)
    seen_frameworks: dict[str, Framework] = {}
    seen_years: dict[tuple[str, int], Framework] = {}
    for framework in content.frameworks:
        if framework.id in seen_frameworks:
            problems.append(Problem(framework.pos("id"), f"duplicate framework id '{framework.id}'"))
        seen_frameworks[framework.id] = framework
        for i, key in enumerate(framework.mechanisms):
            if key not in content.mechanisms:
                problems.append(Problem(framework.pos("mechanisms", i),
                                        _unknown("mechanism", key, content.mechanisms)))
            elif (key, framework.year) in seen_years:
                other = seen_years[(key, framework.year)]
                problems.append(Problem(framework.pos("mechanisms", i),
                                        f"second framework for {key} {framework.year} "
                                        f"(already '{other.id}' at {other.pos()})"))
            seen_years[(key, framework.year)] = framework
        problems += check_framework(framework)
    return problems


def check_commitment_links(content: Content, commitment: Commitment,
                           seen: dict[tuple[str, int, str], Pos]) -> list[Problem]:
    """One commitment against the shared content; ``seen`` holds where the
    commitments checked before it are, to find a second one for the same
    institution, year and mechanism."""
    problems: list[Problem] = []
    key = (commitment.institution, commitment.year, commitment.mechanism)
    if key in seen:
        problems.append(Problem(commitment.pos(), "second commitment for "
                                f"{commitment.institution} {commitment.year} {commitment.mechanism}"
                                f" (first at {seen[key]})"))
    seen.setdefault(key, commitment.pos())
    return problems + _check_commitment(content, commitment)


def _unknown(kind: str, value: str, known: Iterable[str]) -> str:
    return f"unknown {kind} '{value}'{did_you_mean(value, known)}"


def _duplicates(kind: str, entries: Iterable[tuple[str, Pos]]) -> list[Problem]:
    seen: dict[str, Pos] = {}
    problems = []
    for value, pos in entries:
        if value in seen:
            problems.append(Problem(pos, f"duplicate {kind} '{value}' (first at line {seen[value].line})"))
        else:
            seen[value] = pos
    return problems


def _check_institutions(content: Content) -> list[Problem]:
    problems = _duplicates("ministry id", ((m.id, m.pos("id")) for m in content.ministries))
    problems += _duplicates("institution slug", (
        (s.slug, s.pos("slug")) for m in content.ministries for s in m.services))
    for ministry in content.ministries:
        for service in ministry.services:
            for i, key in enumerate(service.mechanisms):
                if key not in content.mechanisms:
                    problems.append(Problem(service.pos("mechanisms", i),
                                            _unknown("mechanism", key, content.mechanisms)))
    return problems


def _advanced_stages_problems(system: System) -> list[Problem]:
    """The Programa Marco Avanzado's stages follow the Básico's, in a system
    that has an Avanzado objective."""
    problems = []
    for i, stage in enumerate(system.stages):
        if not stage.advanced:
            continue
        if system.advanced_objective is None:
            problems.append(Problem(system.pos("stages", i), f"stage {i + 1} of '{system.id}' is "
                                    "of the Programa Marco Avanzado, but the system has no "
                                    "advanced_objective"))
        elif any(not later.advanced for later in system.stages[i + 1:]):
            problems.append(Problem(system.pos("stages", i), f"stage {i + 1} of '{system.id}' is "
                                    "of the Programa Marco Avanzado, before a stage of the "
                                    "Básico (the Avanzado's stages come last)"))
    return problems


def check_framework(framework: Framework) -> list[Problem]:
    problems = _duplicates("area id", ((a.id, a.pos("id")) for a in framework.areas))
    problems += _duplicates("system id", ((s.id, s.pos("id")) for _, s in framework.systems()))
    problems += _duplicates("objective id", (
        (o.id, o.pos("id")) for _, s in framework.systems() for o in s.all_objectives()))
    system_ids = [s.id for _, s in framework.systems()]
    for _, system in framework.systems():
        if system.stages and system.objectives:
            problems.append(Problem(system.pos("objectives"),
                                    f"system '{system.id}' has both stages and objectives "
                                    "(expected one or the other)"))
        problems += _advanced_stages_problems(system)
        for i, expert in enumerate(system.experts):
            if expert not in framework.experts:
                problems.append(Problem(system.pos("experts", i),
                                        _unknown("expert institution", expert, framework.experts)))
        texts = [(system, "general_objective", system.general_objective),
                 (system, "advanced_objective", system.advanced_objective)]
        texts += [(o, "text", o.text) for o in system.all_objectives()]
        for owner, key, text in texts:
            for label in FOOTNOTE_REF.findall(text or ""):
                if label not in framework.footnotes:
                    problems.append(Problem(owner.pos(key),
                                            _unknown("footnote", label, framework.footnotes)))
    rules = framework.rules
    for rule in [*rules.required, *rules.min_stage]:
        system = framework.system(rule.system)
        if system is None:
            problems.append(Problem(rule.pos("system"), _unknown("system", rule.system, system_ids)))
    for rule in rules.min_stage:
        system = framework.system(rule.system)
        if system is not None and rule.stage > len(system.stages):
            problems.append(Problem(rule.pos("stage"), f"stage {rule.stage} of '{system.id}' "
                                    f"does not exist (it has {len(system.stages)} stages)"))
    minima = [t.min_compliance for t in rules.tiers]
    if minima != sorted(minima, reverse=True) or len(set(minima)) != len(minima):
        problems.append(Problem(rules.pos("tiers"),
                                "tiers must be listed from the highest compliance down, without repeats"))
    return problems


def _check_commitment(content: Content, commitment: Commitment) -> list[Problem]:
    problems: list[Problem] = []
    folder = Path(commitment.pos().path).parent.name
    if commitment.src is not None and folder != str(commitment.year):
        problems.append(Problem(commitment.pos("year"), f"year {commitment.year} does not match "
                                f"the folder commitments/{folder}/ (expected year {folder})"))
    services = content.services
    if commitment.institution not in services:
        problems.append(Problem(commitment.pos("institution"),
                                _unknown("institution", commitment.institution, services)))
    if commitment.mechanism not in content.mechanisms:
        problems.append(Problem(commitment.pos("mechanism"),
                                _unknown("mechanism", commitment.mechanism, content.mechanisms)))
        return problems
    if commitment.institution in services:
        _, service = services[commitment.institution]
        if commitment.mechanism not in service.mechanisms:
            problems.append(Problem(commitment.pos("mechanism"),
                                    f"institution '{service.slug}' does not take part in "
                                    f"{commitment.mechanism} (it takes part in {', '.join(service.mechanisms)})"))
    framework = content.framework_for(commitment.mechanism, commitment.year)
    if framework is None:
        years = sorted({f.year for f in content.frameworks if commitment.mechanism in f.mechanisms})
        problems.append(Problem(commitment.pos("year"),
                                f"no {commitment.mechanism} framework for {commitment.year} "
                                f"(frameworks exist for {', '.join(map(str, years)) or 'no year'})"))
        return problems
    system_ids = [s.id for _, s in framework.systems()]
    seen: dict[str, int] = {}
    for index, item in enumerate(commitment.items):
        system = framework.system(item.system)
        if system is None:
            problems.append(Problem(item.pos("system"), f"system '{item.system}' is not in the "
                                    f"{framework.year} framework '{framework.id}'"
                                    f"{did_you_mean(item.system, system_ids)}"))
            continue
        if item.system in seen:
            problems.append(Problem(item.pos("system"), f"system '{item.system}' committed twice "
                                    f"(first at line {commitment.items[seen[item.system]].pos().line})"))
        seen[item.system] = index
        if system.staged:
            if item.stage is None:
                problems.append(Problem(item.pos(), f"missing stage for '{system.id}' "
                                        f"(expected 1 to {len(system.stages)})"))
            elif item.stage > len(system.stages):
                problems.append(Problem(item.pos("stage"), f"stage {item.stage} of '{system.id}' "
                                        f"does not exist (expected 1 to {len(system.stages)})"))
            if item.objectives is not None:
                problems.append(Problem(item.pos("objectives"), f"system '{system.id}' is committed "
                                        "by stage, not by objectives"))
        else:
            if item.stage is not None:
                problems.append(Problem(item.pos("stage"), f"system '{system.id}' has no stages "
                                        "(commit its objectives instead)"))
            if not item.objectives:
                problems.append(Problem(item.pos(), f"missing objectives for '{system.id}'"))
            known = [o.id for o in system.objectives]
            for i, objective in enumerate(item.objectives or []):
                if objective not in known:
                    problems.append(Problem(item.pos("objectives", i),
                                            f"objective '{objective}' is not in system '{system.id}'"
                                            f"{did_you_mean(objective, known)}"))
            problems += _duplicates("objective", (
                (o, item.pos("objectives", i)) for i, o in enumerate(item.objectives or [])))
    for modification in commitment.modifications:
        if modification.system not in seen:
            problems.append(Problem(modification.pos("system"), f"modification of '{modification.system}',"
                                    " which this commitment does not commit"))
            continue
        system = framework.system(modification.system)
        known = [o.id for o in system.all_objectives()] if system else []
        if modification.objective and modification.objective not in known:
            problems.append(Problem(modification.pos("objective"),
                                    f"objective '{modification.objective}' is not in system "
                                    f"'{modification.system}'{did_you_mean(modification.objective, known)}"))
    return problems
