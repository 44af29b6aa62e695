"""Links between content files: unique ids, ids that exist (with "did you
mean"), and commitments that fit the year's framework."""

from __future__ import annotations

from pathlib import Path

import shutil

import pytest

C09 = "commitments/2009/superintendencia-de-salud.yaml"
C12 = "commitments/2012/superintendencia-de-salud.yaml"
SMA = "commitments/2012/superintendencia-del-medio-ambiente.yaml"
F09 = "frameworks/mei-2009.yaml"
F12 = "frameworks/mei-2012.yaml"
INST = "institutions.yaml"

# --- unknown ids, with "did you mean" -------------------------------------------------


def test_unknown_institution(content, errors, edit):
    edit(content / C09, "institution: superintendencia-de-salud",
         "institution: superintendencia-de-slud")
    assert errors(content) == [
        f"content/{C09}:1: error: unknown institution 'superintendencia-de-slud' "
        "(did you mean 'superintendencia-de-salud'?)"]


def test_unknown_institution_without_a_close_match(content, errors, edit):
    edit(content / C09, "institution: superintendencia-de-salud", "institution: zzz")
    assert errors(content) == [f"content/{C09}:1: error: unknown institution 'zzz'"]


def test_unknown_system_in_a_commitment(content, errors, edit):
    edit(content / C09, "system: evaluacion", "system: evaluacon")
    assert errors(content) == [
        f"content/{C09}:9: error: system 'evaluacon' is not in the 2009 framework 'mei-2009' "
        "(did you mean 'evaluacion'?)"]


def test_unknown_expert(content, errors, edit):
    edit(content / F12, "experts: [segpres]", "experts: [segpress]")
    assert errors(content) == [
        f"content/{F12}:33: error: unknown expert institution 'segpress' (did you mean 'segpres'?)"]


def test_unknown_expert_second_in_list(content, errors, edit):
    edit(content / F12, "experts: [dipres]", "experts:\n          - dipres\n          - dipress")
    assert errors(content) == [
        f"content/{F12}:22: error: unknown expert institution 'dipress' (did you mean 'dipres'?)"]


def test_unknown_objective_in_a_commitment(content, errors, edit):
    edit(content / C09, "[informe]", "[informes]")
    assert errors(content) == [
        f"content/{C09}:10: error: objective 'informes' is not in system 'evaluacion' "
        "(did you mean 'informe'?)"]


def test_unknown_objective_in_a_modification(content, errors, edit):
    edit(content / C12, "objective: plan", "objective: plam")
    assert errors(content) == [
        f"content/{C12}:25: error: objective 'plam' is not in system 'seguridad' "
        "(did you mean 'plan'?)"]


def test_unknown_footnote_in_a_general_objective(content, errors, edit):
    edit(content / F12, "desempeño[^ley]", "desempeño[^leyes]")
    assert errors(content) == [
        f"content/{F12}:19: error: unknown footnote 'leyes' (did you mean 'ley'?)"]


def test_unknown_footnote_in_an_objective(content, errors, edit):
    edit(content / F12, "text: Plan de seguridad.", "text: Plan de seguridad[^lye].")
    assert errors(content) == [
        f"content/{F12}:40: error: unknown footnote 'lye' (did you mean 'ley'?)"]


def test_unknown_mechanism_in_a_commitment(content, errors, edit):
    edit(content / C09, "mechanism: mei", "mechanism: mie")
    assert errors(content) == [
        f"content/{C09}:3: error: unknown mechanism 'mie' (did you mean 'mei'?)"]


def test_unknown_mechanism_in_a_framework(content, errors, edit):
    edit(content / F12, "mechanisms: [mei, sma]", "mechanisms: [mei, smа]")  # Cyrillic а
    assert errors(content) == [
        f"content/{F12}:2: error: mechanisms.1: invalid id 'smа' (expected lowercase ASCII "
        "letters, digits and single hyphens, e.g. 'superintendencia-de-salud')"]


def test_unknown_mechanism_in_a_framework_list(content, errors, edit):
    edit(content / F09, "mechanisms: [mei]", "mechanisms: [mei, pgm]")
    assert errors(content) == [
        f"content/{F09}:2: error: unknown mechanism 'pgm' (did you mean 'pmg'?)"]


def test_unknown_mechanism_of_a_service(content, errors, edit):
    edit(content / INST, "        mechanisms: [sma]", "        mechanisms: [sma, mie]")
    assert errors(content) == [
        "content/institutions.yaml:34: error: unknown mechanism 'mie' (did you mean 'mei'?)"]


def test_unknown_system_in_a_rule(content, errors, edit):
    edit(content / F12, "    - system: seguridad\n      stage: 2",
         "    - system: segurida\n      stage: 2")
    assert errors(content) == [
        f"content/{F12}:76: error: unknown system 'segurida' (did you mean 'seguridad'?)"]


# --- duplicate ids ------------------------------------------------------------------------


def test_duplicate_slug(content, errors, edit):
    edit(content / INST, "slug: instituto-de-salud-publica", "slug: superintendencia-de-salud")
    assert errors(content) == [
        "content/institutions.yaml:15: error: duplicate institution slug "
        "'superintendencia-de-salud' (first at line 8)"]


def test_duplicate_ministry_id(content, errors, edit):
    edit(content / INST, "id: medio-ambiente", "id: salud")
    assert errors(content) == [
        "content/institutions.yaml:22: error: duplicate ministry id 'salud' (first at line 2)"]


def test_duplicate_area_id(content, errors, edit):
    edit(content / F12, "  - id: calidad\n", "  - id: gestion\n")
    assert errors(content) == [
        f"content/{F12}:56: error: duplicate area id 'gestion' (first at line 28)"]


def test_duplicate_system_id(content, errors, edit):
    edit(content / F12, "              - id: calidad-certificacion\n",
         "              - id: calidad-certificacion\n"
         "      - id: compras\n        name: Otra\n        objectives:\n          - id: otra\n")
    assert errors(content) == [
        f"content/{F12}:67: error: duplicate system id 'compras' (first at line 47)"]


def test_duplicate_objective_id_across_systems(content, errors, edit):
    edit(content / F12, "              - id: compras-evaluacion\n",
         "              - id: compras-evaluacion\n              - id: medir\n")
    assert errors(content) == [
        f"content/{F12}:56: error: duplicate objective id 'medir' (first at line 22)"]


def test_duplicate_objective_id_in_a_flat_system(content, errors, edit):
    edit(content / F09, "          - id: ejecucion\n", "          - id: plan-anual\n")
    assert errors(content) == [
        # the commitment names 'ejecucion', which is gone
        f"content/{C09}:6: error: objective 'ejecucion' is not in system 'capacitacion'",
        f"content/{F09}:14: error: duplicate objective id 'plan-anual' (first at line 12)",
    ]


def test_duplicate_framework_id(content, errors, edit):
    shutil.copy(content / F09, content / "frameworks/mei-2009-copia.yaml")
    edit(content / "frameworks/mei-2009-copia.yaml", "year: 2009", "year: 2010")
    assert errors(content) == [f"content/{F09}:1: error: duplicate framework id 'mei-2009'"]


def test_second_framework_for_the_same_mechanism_and_year(content, errors, edit):
    shutil.copy(content / F09, content / "frameworks/mei-2009-bis.yaml")
    edit(content / "frameworks/mei-2009-bis.yaml", "id: mei-2009", "id: mei-2009-bis")
    assert errors(content) == [
        f"content/{F09}:2: error: second framework for mei 2009 "
        "(already 'mei-2009-bis' at content/frameworks/mei-2009-bis.yaml:1)"]


def test_second_framework_names_the_mechanism_item(content, errors, edit):
    shutil.copy(content / F12, content / "frameworks/sma-2012.yaml")
    edit(content / "frameworks/sma-2012.yaml", "id: mei-2012\nmechanisms: [mei, sma]",
         "id: sma-2012\nmechanisms:\n  - sma")
    assert errors(content) == [
        "content/frameworks/sma-2012.yaml:3: error: second framework for sma 2012 "
        f"(already 'mei-2012' at content/{F12}:1)"]


def test_second_commitment_of_an_institution(content, errors):
    (content / "commitments/2012/copia.yaml").write_text((content / C12).read_text())
    assert errors(content) == [
        f"content/{C12}:1: error: second commitment for superintendencia-de-salud 2012 mei "
        "(first at content/commitments/2012/copia.yaml:1)"]


# --- commitments against the year's framework -----------------------------------------------


def test_system_outside_the_years_framework(content, errors, edit):
    edit(content / C09, "system: oirs", "system: monitoreo")
    assert errors(content) == [
        f"content/{C09}:13: error: system 'monitoreo' is not in the 2009 framework 'mei-2009'"]


def test_no_framework_for_the_year(content, errors, edit):
    moved = content / "commitments/2010" / Path(C09).name
    moved.parent.mkdir()
    (content / C09).rename(moved)
    edit(moved, "year: 2009", "year: 2010")
    assert errors(content) == [
        "content/commitments/2010/superintendencia-de-salud.yaml:2: error: no mei framework "
        "for 2010 (frameworks exist for 2009, 2012)"]


def test_year_must_match_the_folder(content, errors, edit):
    edit(content / C09, "year: 2009", "year: 2012")
    assert errors(content)[0] == (
        f"content/{C09}:2: error: year 2012 does not match the folder commitments/2009/ "
        "(expected year 2009)")


def test_institution_outside_the_mechanism(content, errors, edit):
    edit(content / SMA, "mechanism: sma", "mechanism: mei")
    assert errors(content) == [
        f"content/{SMA}:3: error: institution 'superintendencia-del-medio-ambiente' does not "
        "take part in mei (it takes part in sma)"]


def test_stage_on_a_flat_system(content, errors, edit):
    edit(content / C09, "    objectives: [informe]\n", "    objectives: [informe]\n    stage: 1\n")
    assert errors(content) == [
        f"content/{C09}:11: error: system 'evaluacion' has no stages "
        "(commit its objectives instead)"]


def test_objectives_on_a_staged_system(content, errors, edit):
    edit(content / C12, "    stage: 3\n", "    stage: 3\n    objectives: [compras-plan]\n")
    assert errors(content) == [
        f"content/{C12}:17: error: system 'compras' is committed by stage, not by objectives"]


def test_stage_out_of_range(content, errors, edit):
    edit(content / C12, "stage: 3", "stage: 4")
    assert errors(content) == [
        f"content/{C12}:16: error: stage 4 of 'compras' does not exist (expected 1 to 3)"]


def test_stage_zero(content, errors, edit):
    edit(content / C12, "stage: 3", "stage: 0")
    assert errors(content) == [
        f"content/{C12}:16: error: items.2.stage: input should be greater than or equal to 1 "
        "(got 0)"]


def test_missing_stage(content, errors, edit):
    edit(content / C12, "    stage: 3\n", "")
    assert errors(content) == [f"content/{C12}:15: error: missing stage for 'compras' (expected 1 to 3)"]


def test_missing_objectives(content, errors, edit):
    edit(content / C09, "    objectives: [informe]\n", "")
    assert errors(content) == [f"content/{C09}:9: error: missing objectives for 'evaluacion'"]


def test_system_committed_twice(content, errors, edit):
    edit(content / C09, "system: oirs\n    objectives: [diagnostico]",
         "system: capacitacion\n    objectives: [ejecucion]")
    assert errors(content) == [
        f"content/{C09}:13: error: system 'capacitacion' committed twice (first at line 5)"]


def test_objective_committed_twice(content, errors, edit):
    edit(content / C09, "[plan-anual, ejecucion]", "[plan-anual, ejecucion, plan-anual]")
    assert errors(content) == [
        f"content/{C09}:6: error: duplicate objective 'plan-anual' (first at line 6)"]


def test_modification_of_an_uncommitted_system(content, errors, edit):
    edit(content / C12, "  - system: seguridad\n    objective: plan",
         "  - system: monitoreo\n    objective: medir\n    change: x\n    justification: y\n"
         "  - system: compra\n    objective: plan")
    assert errors(content) == [
        f"content/{C12}:28: error: modification of 'compra', which this commitment does not commit"]


def test_modification_of_a_framework_system_not_committed(content, errors, edit):
    edit(content / SMA, "    weight: 20\n",
         "    weight: 20\nmodifications:\n  - system: compras\n    change: x\n    justification: y\n")
    assert errors(content) == [
        f"content/{SMA}:14: error: modification of 'compras', which this commitment does not commit"]


# --- the framework itself ------------------------------------------------------------------


def test_system_with_stages_and_objectives(content, errors, edit):
    edit(content / F12, "        voluntary: true\n",
         "        voluntary: true\n        objectives:\n          - id: suelta\n")
    assert errors(content) == [
        f"content/{F12}:62: error: system 'calidad-iso' has both stages and objectives "
        "(expected one or the other)"]


def test_min_stage_rule_beyond_the_stages(content, errors, edit):
    edit(content / F12, "      stage: 2\n", "      stage: 5\n")
    assert errors(content) == [
        f"content/{F12}:77: error: stage 5 of 'seguridad' does not exist (it has 4 stages)"]


def test_tiers_out_of_order(content, errors, edit):
    edit(content / F12, "    - min_compliance: 75\n", "    - min_compliance: 95\n")
    assert errors(content) == [
        f"content/{F12}:80: error: tiers must be listed from the highest compliance down, "
        "without repeats"]


# --- one problem, one message ------------------------------------------------------------


def test_a_broken_framework_holds_back_the_rule_checks_of_its_commitments(content, errors, edit):
    # with the typo, 'seguridad' would fall under last_stage in both 2012 commitments
    edit(content / F12, "    - system: seguridad\n      stage: 2", "    - system: segurida\n      stage: 2")
    edit(content / C09, "weight: 45", "weight: 40")  # another year's rules still run
    assert errors(content) == [
        f"content/{C09}:4: error: weights sum to 95 % (expected 100 %)",
        f"content/{F12}:76: error: unknown system 'segurida' (did you mean 'seguridad'?)",
    ]


def test_link_errors_in_a_commitment_hold_back_its_rule_checks(content, errors, edit):
    # the typo would also make 'monitoreo' missing and the weights wrong; only the cause shows
    edit(content / C12, "system: monitoreo", "system: monitoro")
    assert errors(content) == [
        f"content/{C12}:7: error: system 'monitoro' is not in the 2012 framework 'mei-2012' "
        "(did you mean 'monitoreo'?)"]


def test_link_and_rule_errors_in_different_files_come_together(content, errors, edit):
    edit(content / C12, "system: monitoreo", "system: monitoro")
    edit(content / C09, "weight: 45", "weight: 40")
    assert errors(content) == [
        f"content/{C09}:4: error: weights sum to 95 % (expected 100 %)",
        f"content/{C12}:7: error: system 'monitoro' is not in the 2012 framework 'mei-2012' "
        "(did you mean 'monitoreo'?)",
    ]


@pytest.mark.parametrize("field, line", [("institution", 1), ("mechanism", 3)])
def test_link_errors_point_at_the_field(content, errors, edit, field, line):
    value = {"institution": "superintendencia-de-salud", "mechanism": "mei"}[field]
    edit(content / C09, f"{field}: {value}", f"{field}: nada")
    [message] = errors(content)
    assert message.startswith(f"content/{C09}:{line}: error: unknown {field} 'nada'")
