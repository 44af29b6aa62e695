"""Evaluation benchmark: the synthetic year of 170 institutions (seeded, as
bench_decrees.py) with its evaluations; the time and peak memory of what
`make evaluation-decrees results` runs (DOCX, PDF and HTML, 2 jobs), cold
and once nothing changed, best of ROUNDS runs, beside the reference of the
same run: `make decrees` on the same year, which an evaluation decree
resembles. Prints figures; fails nothing.
Usage: python benchmarks/bench_evaluation.py [N]"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_decrees import run  # noqa: E402
from synthetic import make_content  # noqa: E402

ROUNDS = 3


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 170
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root / "content", n)
        out = root / "output"
        print(f"evaluation benchmark: {n} synthetic institutions, {os.cpu_count()} cores")
        common = ["-q", "--content", str(content), "--output", str(out), "build"]
        for label, extra in [("reference: decrees, cold", ["decrees", "-j", "2", "--force"]),
                             ("evaluation decrees, cold", ["evaluation-decrees", "-j", "2",
                                                           "--force"]),
                             ("results report, cold", ["results", "--force"]),
                             ("evaluation decrees, no-op", ["evaluation-decrees", "-j", "2"]),
                             ("results report, no-op", ["results"])]:
            best = min(run([*common, *extra]) for _ in range(ROUNDS))
            print(f"  best of {ROUNDS}, {label:<28} {best[0]:7.2f} s  "
                  f"{best[0] / n * 1000:6.1f} ms/institution  peak {best[1]:6.0f} MB")


if __name__ == "__main__":
    main()
