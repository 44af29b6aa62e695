"""A build killed at any moment (SIGKILL) leaves the earlier output intact,
every file whole, and nothing that the next build does not clean up."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

MARCO = Path(sys.executable).with_name("marco")
#: Moments to kill the build at, as shares of how long a whole build takes:
#: while it loads, while it renders the first decrees, later, near its end.
MOMENTS = (0.15, 0.4, 0.65, 0.9)


def files(output: Path) -> dict[str, bytes]:
    """The outputs and marco's records, but its scratch folder."""
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and ".marco/tmp" not in str(p.relative_to(output))}


def build(*extra: str) -> subprocess.Popen:
    return subprocess.Popen([str(MARCO), "-q", "build", "decrees", "-j", "1", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


ONE, OTHER = "    stage: 2\n    priority: Mediana", "    stage: 2\n    priority: Alta"


def test_a_killed_build_leaves_earlier_output_whole(copy, edit):
    output = Path("output")
    assert build().wait() == 0
    before = files(output)
    fne = Path("content/commitments/2012/fne.yaml")
    edit(fne, ONE, OTHER)
    start = time.perf_counter()
    assert build("--force").wait() == 0
    whole = time.perf_counter() - start
    after = files(output)
    changed = {name for name in before if before[name] != after.get(name)}
    assert "2012/decreto-2012-mei-fne.docx" in changed and len(changed) < len(before)
    edit(fne, OTHER, ONE)
    assert build("--force").wait() == 0
    assert files(output) == before
    edit(fne, ONE, OTHER)

    killed = 0
    for moment in MOMENTS:
        process = build("--force")
        time.sleep(moment * whole)
        if process.poll() is not None:
            continue  # it finished first
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed += 1
        now = files(output)
        assert set(now) == set(before), moment  # nothing new outside the scratch folder
        for name, data in now.items():  # each file the earlier one or the new one, whole
            assert data in (before[name], after[name]), (moment, name)
        # half-written files are in the killed build's scratch folder only
        assert not list(output.rglob(".build-*"))
        assert all(".marco/tmp/" in str(p) for p in output.rglob("*.tmp"))
    assert killed >= 2

    assert build().wait() == 0  # the next build finishes the work and cleans up
    assert files(output) == after
    assert not any((output / ".marco" / "tmp").iterdir())


@pytest.mark.parametrize("moment", [0.5])
def test_a_killed_build_s_scratch_is_cleared_by_the_next(copy, moment):
    output = Path("output")
    process = build("--format", "pdf")
    time.sleep(moment)
    process.send_signal(signal.SIGKILL)
    process.wait()
    scratch = output / ".marco" / "tmp"
    left = list(scratch.iterdir()) if scratch.is_dir() else []
    assert all(entry.name.startswith(f"{process.pid}-") for entry in left)
    assert build("--format", "docx").wait() == 0
    assert not any(scratch.iterdir())
