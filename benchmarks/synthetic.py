"""A synthetic year of commitments for benchmarks: the bundled mechanisms,
frameworks and decree templates, with ``n`` made-up institutions whose 2012
commitments obey the 2012 rules, and their evaluations (most items met, the
first objective of Monitoreo del Desempeño measured by an indicator). Seeded:
the same tree every run."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
FRAMEWORK = "mei-sma-2012"
SYSTEMS = ["auditoria", "compras-contratacion-publica", "capacitacion", "higiene-seguridad",
           "siac", "gobierno-electronico",
           "seguridad-informacion"]


def make_content(target: Path, n: int, seed: int = 2012) -> Path:
    """Write a content tree with ``n`` institutions into ``target``."""
    rng = random.Random(seed)
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns(
        "commitments", "evaluations", "institutions.yaml"))
    ministries = [{"id": "hacienda", "name": "Ministerio de Hacienda",
                   "minister": {"salutation": "Sr.", "office": "Ministro de Hacienda",
                                "name": "Felipe Larraín Bascuñán"}, "services": []}]
    for m in range(1, 20):
        ministries.append({"id": f"ministerio-{m}", "name": f"Ministerio Sectorial {m}",
                           "minister": {"salutation": "Sr.", "office": f"Ministro Sectorial {m}"},
                           "services": []})
    folder = target / "commitments" / "2012"
    folder.mkdir(parents=True)
    evaluations = target / "evaluations" / "2012"
    evaluations.mkdir(parents=True)
    for i in range(1, n + 1):
        slug = f"servicio-{i:04d}"
        ministries[i % len(ministries)]["services"].append({
            "slug": slug, "name": f"Servicio Público N° {i} de Prueba & Control <S.A.>",
            "article": "el", "mechanisms": ["mei"],
            "head": {"salutation": "Sr.", "office": f"Director del Servicio {i}"}})
        committed = commitment(slug, rng)
        (folder / f"{slug}.yaml").write_text(
            yaml.safe_dump(committed, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (evaluations / f"{slug}.yaml").write_text(
            yaml.safe_dump(evaluation(committed, rng), allow_unicode=True, sort_keys=False),
            encoding="utf-8")
    (target / "institutions.yaml").write_text(
        yaml.safe_dump({"ministries": ministries}, allow_unicode=True, sort_keys=False),
        encoding="utf-8")
    return target


def commitment(slug: str, rng: random.Random) -> dict:
    first = rng.choice([60, 65, 70, 75])
    systems = rng.sample(SYSTEMS, rng.randint(2, 6))
    weights = split(100 - first, len(systems), rng)
    items = [{"system": "monitoreo-desempeno", "objectives": ["md-01", "md-02", "md-03"],
              "priority": "Alta", "weight": first}]
    for system, weight in zip(systems, weights):
        stage = rng.randint(2, 4) if system == "seguridad-informacion" else 4
        items.append({"system": system, "stage": stage,
                      "priority": rng.choice(["Alta", "Mediana", "Menor"]), "weight": weight})
    return {"example": True, "institution": slug, "year": 2012, "mechanism": "mei",
            "items": items}


def evaluation(committed: dict, rng: random.Random) -> dict:
    """Results for each committed item: a stage is reached, or fallen short
    of, one time in twelve; md-01's indicator lands between 90 % and 105 % of
    its target."""
    results = []
    for item in committed["items"]:
        if "stage" in item:
            reached = item["stage"] - (rng.random() < 1 / 12)
            results.append({"system": item["system"], "stage_reached": reached})
            continue
        objectives = [{"objective": "md-01", "measured": round(rng.uniform(90, 105), 1),
                       "target": 100}]
        objectives += [{"objective": o, "met": rng.random() > 1 / 30}
                       for o in item["objectives"][1:]]
        results.append({"system": item["system"], "objectives": objectives})
    return {"example": True, "institution": committed["institution"], "year": 2012,
            "mechanism": "mei", "report": "2013-03-29", "results": results}


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``parts`` multiples of 5, each at least 5, summing to ``total``."""
    units = total // 5
    parts = min(parts, units)
    cuts = sorted(rng.sample(range(1, units), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, units]
    return [5 * (b - a) for a, b in zip(bounds, bounds[1:])]
