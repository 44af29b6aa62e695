"""Decree build benchmark: a synthetic year of 170 institutions (seeded), the
`marco` command timed as a user runs it, and the naive route (docxtpl +
WeasyPrint per decree) on the same decrees with the same worker count.
The figures compared (marco's DOCX + PDF with 2 jobs against the naive
route, the incremental builds) are the best of ROUNDS runs, the two routes'
runs taking turns, as this machine's speed wanders from one second to the
next. Prints figures; fails nothing. Usage: python benchmarks/bench_decrees.py [N]"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_content  # noqa: E402

MARCO = Path(sys.executable).with_name("marco")
ROUNDS = 3
#: `marco` runs as Python runs by default, keeping its bytecode cache (some
#: shells, this machine's among them, set PYTHONDONTWRITEBYTECODE, which
#: makes every run compile marco's modules again: about 0.1 s more)
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(args: list[str]) -> tuple[float, float]:
    """Seconds and peak memory (MB, largest process) of one `marco` run."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(MARCO), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=ENVIRONMENT)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"marco {' '.join(args)} failed:\n{proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def marco(content: Path, output: Path, *extra: str) -> list[str]:
    """A decree build of DOCX and PDF (what the naive loop makes), or the
    formats ``extra`` names."""
    formats = [] if "--format" in extra else ["--format", "docx,pdf"]
    return ["-q", "--content", str(content), "--output", str(output), "build", "decrees",
            *formats, *extra]


def naive_contexts(content_root: Path) -> list[dict]:
    """Each decree's text as marco writes it, split around the commitments table."""
    from generator.assemble.decree import Assembler
    from generator.kinds import KINDS
    from generator.load.content import load_content
    from generator.model.document import Table
    from generator.passes.frameworks import frameworks_library
    from generator.passes.prepare import prepare
    from generator.writers.text import block_lines, inline_text

    content = load_content(content_root)
    assembler = Assembler(content, KINDS["decree"])
    library = frameworks_library(content)
    contexts = []
    for commitment in content.commitments:
        document = prepare(assembler.assemble(commitment), library)
        index = next(i for i, b in enumerate(document.blocks) if isinstance(b, Table))
        table = document.blocks[index]
        contexts.append({
            "before": [line for b in document.blocks[:index] for line in block_lines(b)],
            "rows": [[inline_text(c.inlines) for c in row] for row in [*table.head, *table.rows]],
            "after": [line for b in document.blocks[index + 1:] for line in block_lines(b)],
            "slug": document.meta.id})
    return contexts


def naive(content: Path, folder: Path, jobs: int) -> float:
    """Seconds of the naive loop, run in a process of its own: the memory of
    the `marco` runs started from this one is then theirs alone (a child
    forked from a process that has loaded WeasyPrint starts with its pages)."""
    done = subprocess.run([sys.executable, __file__, "--naive", str(content), str(folder),
                           str(jobs)], check=True, capture_output=True, text=True)
    return float(done.stdout)


def run_naive(content: Path, folder: Path, jobs: int) -> float:
    from naive import make_word_template, render_naive

    template = make_word_template(folder / "decreto.docx")
    contexts = naive_contexts(content)
    import weasyprint  # noqa: F401  (imported before forking, as marco's workers have it)

    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(render_naive, [template] * len(contexts), contexts,
                      [folder / c["slug"] for c in contexts], chunksize=4))
    return time.perf_counter() - start


def change_one(content: Path) -> None:
    path = sorted((content / "commitments" / "2012").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("priority: Menor", "priority: Mediana", 1)
                    if "priority: Menor" in text else text.replace("priority: Mediana",
                                                                   "priority: Menor", 1),
                    encoding="utf-8")


def incremental(content: Path, out: Path, extra: list[str], edit: bool) -> tuple[float, float]:
    """One rebuild after a build of everything, with one commitment changed
    or none."""
    run(marco(content, out, "-j", "2", *extra))
    if edit:
        change_one(content)
    return run(marco(content, out, "-j", "2", *extra))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 170
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root / "content", n)
        out = root / "output"
        print(f"decree benchmark: {n} synthetic institutions, {os.cpu_count()} cores")
        for label, extra in [("DOCX, 1 job", ["--format", "docx", "-j", "1"]),
                             ("DOCX, 2 jobs", ["--format", "docx", "-j", "2"]),
                             ("PDF, 1 job", ["--format", "pdf", "-j", "1"]),
                             ("PDF, 2 jobs", ["--format", "pdf", "-j", "2"]),
                             ("PDF, 2 jobs, WeasyPrint", ["--format", "pdf", "-j", "2",
                                                          "--pdf-engine", "weasyprint"]),
                             ("DOCX + PDF, 1 job", ["-j", "1"]),
                             ("DOCX + PDF, 2 jobs", ["-j", "2"])]:
            seconds, memory = run(marco(content, out, "--force", *extra))
            print(f"  cold {label:<24} {seconds:7.2f} s  {seconds / n * 1000:6.1f} ms/decree"
                  f"  peak {memory:6.0f} MB")
        naive_dir = root / "naive"
        naive_dir.mkdir()
        ours = reference = float("inf")
        for _ in range(ROUNDS):
            reference = min(reference, naive(content, naive_dir, 2))
            ours = min(ours, run(marco(content, out, "--force", "-j", "2"))[0])
        print(f"  best of {ROUNDS}, DOCX + PDF, 2 jobs: marco {ours:.2f} s "
              f"({ours / n * 1000:.1f} ms/decree)")
        print(f"  best of {ROUNDS}, naive docxtpl + WeasyPrint, 2 workers: {reference:.2f} s "
              f"({reference / n * 1000:.1f} ms/decree)")
        print(f"  ratio naive / marco: {reference / ours:.2f}x")
        for label, extra, edit in [("no-op rebuild", [], False),
                                   ("one commitment changed", [], True),
                                   ("one changed, DOCX only", ["--format", "docx"], True)]:
            best = min(incremental(content, out, extra, edit) for _ in range(ROUNDS))
            print(f"  best of {ROUNDS}, {label:<24} {best[0]:7.3f} s  peak {best[1]:6.0f} MB")
        memory_growth(root, n)


def memory_growth(root: Path, n: int) -> None:
    """Peak memory of a cold build (DOCX + PDF, 2 jobs) at n and 10 n institutions."""
    for count in (n, 10 * n):
        content = make_content(root / f"content-{count}", count)
        args = marco(content, root / f"output-{count}", "-j", "2", "--force")
        seconds, memory = run(args)
        print(f"  {count:5} institutions, DOCX + PDF, 2 jobs: {seconds:7.2f} s, peak {memory:6.0f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--naive"]:
        print(run_naive(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])))
    else:
        main()
