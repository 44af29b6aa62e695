"""Word forms benchmark: the oficio (templates/word/oficio.docx) filled for
each decree of the synthetic year of N institutions (seeded, as
bench_decrees.py), as `make oficios` runs it (2 jobs): DOCX only, DOCX +
PDF + HTML, and once nothing changed; beside the reference of the same run,
the naive loop: docxtpl's render and save of the same form with the same
contexts (built beforehand, not timed) and marco's Spanish filters, in 2
worker processes, with no check, no sandbox, no reading back and no fixed
bytes. Prints figures; fails nothing.
Usage: python benchmarks/bench_forms.py [N]"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_decrees import run  # noqa: E402
from synthetic import make_content  # noqa: E402

ROUNDS = 3
FORMS = Path(__file__).resolve().parents[1] / "templates" / "word"


#: The contexts the forked workers fill the form with (they hold functions: not pickled).
_CONTEXTS: list[dict] = []


def naive_fill(form: Path, index: int, target: Path) -> None:
    import jinja2
    from docxtpl import DocxTemplate

    from generator.read.templating import FILTERS

    environment = jinja2.Environment(autoescape=True)
    environment.filters.update(FILTERS)  # the Spanish filters the form uses
    template = DocxTemplate(form)
    template.render(_CONTEXTS[index], jinja_env=environment, autoescape=True)
    template.save(target)


def contexts(content_root: Path) -> list[dict]:
    """Each oficio's context as marco builds it."""
    from generator.assemble.oficio import Assembler
    from generator.kinds import KINDS
    from generator.load.content import load_content

    content = load_content(content_root)
    made = Assembler(content, KINDS["oficio"])
    return [made.context(commitment) for commitment in content.commitments]


def run_naive(form: Path, every: list[dict], folder: Path) -> float:
    folder.mkdir(exist_ok=True)
    _CONTEXTS[:] = every
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("fork")) as pool:
        list(pool.map(naive_fill, [form] * len(every), range(len(every)),
                      [folder / f"{i}.docx" for i in range(len(every))], chunksize=4))
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 170
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root / "content", n)
        shutil.copytree(FORMS, root / "templates" / "word")
        out = root / "output"
        print(f"forms benchmark: the oficio for {n} synthetic decrees, {os.cpu_count()} cores")
        every = contexts(content)
        naive = min(run_naive(root / "templates/word/oficio.docx", every, root / "naive")
                    for _ in range(ROUNDS))
        print(f"  best of {ROUNDS}, naive docxtpl loop (DOCX), 2 workers {naive:7.2f} s  "
              f"{naive / n * 1000:6.1f} ms/oficio")
        common = ["-q", "--content", str(content), "--output", str(out), "build", "oficios",
                  "-j", "2"]
        for label, extra in [("marco, DOCX, cold", ["--format", "docx", "--force"]),
                             ("marco, DOCX+PDF+HTML, cold", ["--force"]),
                             ("marco, DOCX+PDF+HTML, no-op", [])]:
            best = min(run([*common, *extra]) for _ in range(ROUNDS))
            print(f"  best of {ROUNDS}, {label:<30} {best[0]:7.2f} s  "
                  f"{best[0] / n * 1000:6.1f} ms/oficio  peak {best[1]:6.0f} MB")


if __name__ == "__main__":
    main()
