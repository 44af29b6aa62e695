"""Diff review benchmark: a git project holding the synthetic year of 170
institutions (seeded) besides the bundled documents, ``marco diff`` timed as
a user runs it, against the reference the issue names: one incremental build
of the changed documents (``marco build KIND`` of every kind, in the formats
diff builds, DOCX, and the same jobs), measured in the same run on the same
change.

Two changes: one commitment edited (one decree changes), and one objective
inserted into Monitoreo del Desempeño, which every decree commits whole (the
2012 rules), so all 170 decrees and the circular change.
Prints figures; fails nothing. Usage: python benchmarks/bench_diff.py [N]"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_decrees import change_one  # noqa: E402
from synthetic import make_content  # noqa: E402

from generator.kinds import KINDS  # noqa: E402

MARCO = Path(sys.executable).with_name("marco")
JOBS = "2"


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
                   cwd=project, check=True, capture_output=True)


def timed(project: Path, *args: str, allowed: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run([str(MARCO), "-q", "--content", str(project / "content"), *args],
                          cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in allowed:
        sys.exit(f"marco {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return seconds


def diff(project: Path) -> float:
    return timed(project, "--output", str(project / "output"), "diff", "-j", JOBS,
                 allowed=(0, 1))


def reference(project: Path) -> tuple[float, float]:
    """An incremental build of every kind, as diff builds them (DOCX), in a
    folder of its own: (all kinds, the decrees alone). Markdown kinds take the
    whole content folder as input, so any change rebuilds them too."""
    times = {kind.command: timed(project, "--output", str(project / "reference"), "build",
                                 kind.command, "--format", "docx", "-j", JOBS)
             for kind in KINDS.values()}
    return sum(times.values()), times["decrees"]


def insert_objective(content: Path) -> None:
    framework = content / "frameworks" / "mei-sma-2012.yaml"
    text = framework.read_text(encoding="utf-8")
    framework.write_text(text.replace("          - id: md-02\n",
                                      "          - id: md-01b\n          - id: md-02\n", 1),
                         encoding="utf-8")
    for path in (content / "commitments" / "2012").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^( *)- md-01\n", r"\g<0>\1- md-01b\n", text, count=1,
                               flags=re.M), encoding="utf-8")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 170
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        make_content(project / "content", n)
        (project / ".gitignore").write_text("/output/\n/reference/\n", encoding="utf-8")
        git(project, "init", "-q")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "synthetic year")
        print(f"diff benchmark: {n} synthetic institutions and the bundled documents, "
              f"{os.cpu_count()} cores, -j {JOBS}")
        print(f"  cold diff (builds both sides, DOCX)        {diff(project):7.2f} s")
        print(f"  no changes, caches warm                    {diff(project):7.2f} s")
        reference(project)
        for label, change in (("one commitment edited (1 decree)", change_one),
                              ("one objective inserted (all decrees)", insert_objective)):
            change(project / "content")
            build, decrees = reference(project)
            seconds = diff(project)
            print(f"  {label}:")
            print(f"    incremental builds of every kind (reference) {build:7.2f} s"
                  f"  (decrees alone {decrees:.2f} s)")
            print(f"    marco diff                                   {seconds:7.2f} s"
                  f"  (reference {seconds - build:+.2f} s)")
            git(project, "commit", "-q", "-am", label)
            diff(project)  # both sides at the new commit again
        shutil.rmtree(project / "output", ignore_errors=True)


if __name__ == "__main__":
    main()
