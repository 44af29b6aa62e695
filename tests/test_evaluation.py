"""Evaluation: each bundled institution's compliance against a table computed
by hand, the tiers at their boundaries in exact arithmetic, evaluation data
that does not fit its commitment, and the evaluation decrees as built."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.compliance import evaluate, tier_for
from generator.load.content import load_content
from generator.load.evaluations import read_evaluation
from generator.model.content import Commitment
from generator.model.evaluation import Evaluation
from generator.review.extract import extract_text

from conftest import CONTENT

#: Each bundled institution's global compliance and pay increase (per cent),
#: worked out by hand from content/commitments/2012 and content/evaluations/2012.
EXPECTED = {
    "chilecompra": (100, "7.6"),  # all met
    "fne": (90, "7.6"),  # capacitación (10) reached stage III of IV: exactly 90
    "inapi": (100, "7.6"),  # md-01's indicator at 96,5 % of its target
    "sbif": (95, "7.6"),  # compras (5) not met
    "scj": (85, "3.8"),  # SIAC (10) and calidad (5) not met
    "sec": (100, "7.6"),  # md-02's indicator at exactly 95 % of its target
    "siss": (40, "0"),  # md-03 not met: monitoreo (60) lost
    "sma": (80, "3.8"),  # higiene (10) and gobierno electrónico (10) not met
    "superintendencia-de-pensiones": (95, "7.6"),  # calidad (5) at no stage
    "superintendencia-de-salud": (100, "7.6"),
    "suseso": (75, "3.8"),  # higiene, capacitación (10 each), seguridad (5): exactly 75
    "svs": (40, "0"),  # md-01's indicator at 94,9 %: monitoreo (60) lost
    "uaf": (100, "7.6"),
}


def _bundled() -> dict[str, tuple[Decimal, Decimal]]:
    content = load_content(CONTENT, with_commitments=False)
    seen: dict = {}
    found = {}
    for path in sorted((CONTENT / "evaluations" / "2012").glob("*.yaml")):
        compliance = read_evaluation(content, path, seen)
        found[compliance.institution] = (compliance.total, compliance.increase)
    return found


def test_bundled_compliance_is_the_hand_computed_table() -> None:
    assert _bundled() == {slug: (Decimal(total), Decimal(increase))
                          for slug, (total, increase) in EXPECTED.items()}
    tiers = {increase for _, increase in EXPECTED.values()}
    assert tiers == {"7.6", "3.8", "0"}, "every tier occurs in the bundled example"


def _framework():
    content = load_content(CONTENT, with_commitments=False)
    framework = content.framework_for("mei", 2012)
    assert framework is not None
    return framework


def _evaluated(weights: list[str], met: list[bool]):
    """A commitment of staged systems with ``weights``, each met or not."""
    framework = _framework()
    systems = [s for _, s in framework.systems() if s.staged][:len(weights)]
    commitment = Commitment.model_validate({
        "institution": "fne", "year": 2012, "mechanism": "mei",
        "items": [{"system": s.id, "stage": 1, "priority": "Menor", "weight": w}
                  for s, w in zip(systems, weights)]})
    evaluation = Evaluation.model_validate({
        "institution": "fne", "year": 2012, "mechanism": "mei",
        "results": [{"system": s.id, "stage_reached": 1 if m else 0}
                    for s, m in zip(systems, met)]})
    compliance = evaluate(commitment, evaluation, framework)
    assert compliance is not None
    return compliance


@pytest.mark.parametrize("weights, met, total, increase", [
    (["90", "10"], [True, False], "90", "7.6"),  # exactly at the top tier
    (["89.99", "10.01"], [True, False], "89.99", "3.8"),  # just below it
    (["75", "25"], [True, False], "75", "3.8"),  # exactly at the middle tier
    (["74.99", "25.01"], [True, False], "74.99", "0"),  # just below it
    # 0.1 + 89.8 + 0.1 is 89.99999999999999 in floating point: 90 here
    (["0.1", "89.8", "0.1", "10"], [True, True, True, False], "90", "7.6"),
    (["0.1", "74.8", "0.1", "25"], [True, True, True, False], "75", "3.8"),
])
def test_tiers_apply_at_their_boundaries(weights, met, total, increase) -> None:
    compliance = _evaluated(weights, met)
    assert compliance.total == Decimal(total)
    assert compliance.increase == Decimal(increase)
    assert float(sum(float(w) for w, m in zip(weights, met) if m)) <= float(total)


def test_no_tier_below_the_lowest() -> None:
    tiers = _framework().rules.tiers
    assert tier_for(tiers, Decimal("0")).increase == 0
    assert tier_for([t for t in tiers if t.min_compliance > 0], Decimal("74.99")) is None


def _build_errors(root: Path, kind: str = "evaluation-decrees") -> list[str]:
    out = Path("out")
    result = CliRunner().invoke(cli, ["--content", str(root), "--output", str(out),
                                      "build", kind])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    *lines, count = result.stderr.splitlines()
    assert count.endswith("nothing was written."), count
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]
    return lines


def test_evaluation_that_does_not_fit_its_commitment(copy: Path, edit) -> None:
    fne = copy / "evaluations" / "2012" / "fne.yaml"
    # a committed item left out
    edit(fne, "  - system: higiene-seguridad\n    stage_reached: 4\n", "")
    # an item not committed
    edit(fne, "  - system: auditoria\n", "  - system: auditoria\n    stage_reached: 4\n"
                                         "  - system: siac\n")
    # the wrong shapes: objectives for a stage, both met and an indicator
    edit(fne, "  - system: compras-contratacion-publica\n    stage_reached: 4\n",
         "  - system: compras-contratacion-publica\n    objectives:\n"
         "      - objective: md-01\n        met: true\n")
    edit(fne, "      - objective: md-02\n        met: true\n",
         "      - objective: md-02\n        met: true\n        measured: 3\n        target: 4\n")
    sec = copy / "evaluations" / "2012" / "sec.yaml"
    edit(sec, "      - objective: md-03\n        met: true\n", "")  # an objective left out
    lines = _build_errors(copy)
    shown = "content/evaluations/2012/fne.yaml"
    expected = [
        f"{shown}:7: error: no result for 'higiene-seguridad', committed at "
        "content/commitments/2012/fne.yaml:23",
        f"{shown}:12: error: give either met or an indicator's measured and target, not both",
        f"{shown}:20: error: 'siac' was not committed (committed: monitoreo-desempeno, "
        "auditoria, compras-contratacion-publica, capacitacion, higiene-seguridad, "
        "seguridad-informacion)",
        f"{shown}:23: error: objectives: 'compras-contratacion-publica' was committed at "
        "stage 4, not by objectives (give stage_reached)",
        f"{shown}:22: error: stage_reached: missing ('compras-contratacion-publica' was "
        "committed at stage 4)",
        "content/evaluations/2012/sec.yaml:9: error: no result for committed objective "
        "'md-03' of 'monitoreo-desempeno'",
    ]
    assert sorted(lines) == sorted(expected)


def test_evaluation_of_no_commitment_and_a_missing_evaluation(copy: Path) -> None:
    (copy / "evaluations" / "2012" / "fne.yaml").rename(
        copy / "evaluations" / "2012" / "otra.yaml")
    assert _build_errors(copy) == [
        "content/evaluations/2012/otra.yaml:2: error: no commitment to evaluate: "
        "content/commitments/2012/otra.yaml is missing (an evaluation file has the name of "
        "the commitment file it evaluates)"]
    (copy / "evaluations" / "2012" / "otra.yaml").unlink()
    lines = _build_errors(copy, "results")
    assert lines == ["content/commitments/2012/fne.yaml:2: error: not evaluated: "
                     "content/evaluations/2012/fne.yaml is missing (the 2012 results count "
                     "every institution)"]


def test_evaluation_decrees_as_built(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["--content", str(CONTENT), "--output", str(out), "build", "evaluation-decrees",
            "--format", "docx,pdf"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    folder = out / "2012" / "evaluacion"
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(first) == 2 * len(EXPECTED)
    for slug, (total, increase) in EXPECTED.items():
        mechanism = "sma" if slug == "sma" else "mei"
        for suffix in (".docx", ".pdf"):
            text = " ".join(extract_text(folder / f"decreto-evaluacion-2012-{mechanism}-"
                                                  f"{slug}{suffix}").replace("|", " ").split())
            assert f"Fíjase en un {total}% el grado de cumplimiento global" in text
            shown = increase.replace(".", ",")
            if increase == "0":
                assert "no tendrán derecho" in text and "inferior al 75%" in text
            else:
                assert f"incremento por desempeño institucional de un {shown}%" in text
            assert f"Total 100% {total}%" in text, text
    inapi = " ".join(extract_text(folder / "decreto-evaluacion-2012-mei-inapi.pdf").split())
    # the indicator's measure and the approved modification, as footnotes
    assert ("Objetivo 1: indicador de 96,5 para una meta de 100 (96,5% de la meta; se "
            "cumple al 95%), cumplido.") in inapi
    assert ("Evaluado conforme a la modificación aprobada en el decreto que fijó los "
            "compromisos: Los objetivos de la última etapa se cumplen") in inapi
    result = CliRunner().invoke(cli, [*args, "--force"])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first


def test_evaluation_decrees_are_built_again_when_their_inputs_change(copy: Path, edit) -> None:
    def build() -> str:
        result = CliRunner().invoke(cli, ["build", "evaluation-decrees", "--format", "docx"])
        assert result.exit_code == 0, result.output
        return result.output.split(": ", 1)[1].split(" (")[0]

    assert build() == "13 written"
    assert build() == "0 written"
    edit(copy / "evaluations" / "2012" / "uaf.yaml", "  - system: capacitacion\n    stage_reached: 4",
         "  - system: capacitacion\n    stage_reached: 3")
    assert build() == "1 written"
    # a commitment is what an evaluation decree is made from too
    edit(copy / "commitments" / "2012" / "uaf.yaml", "priority: Menor", "priority: Mediana")
    assert build() == "13 written"


def test_a_compliance_in_no_tier(copy: Path, edit) -> None:
    edit(copy / "frameworks" / "mei-sma-2012.yaml",
         "    - min_compliance: 0\n      increase: 0\n", "")
    lines = _build_errors(copy)
    assert lines == [f"content/evaluations/2012/{slug}.yaml:7: error: a global compliance of "
                     "40% is in no tier of the 2012 rules (content/frameworks/mei-sma-2012.yaml)"
                     for slug in ("siss", "svs")]
