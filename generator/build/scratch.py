"""The one place where a build keeps what is not in place yet:
``<output>/.marco/tmp/``. Each build works in an entry of its own, named after
its process (``<pid>-<random>``): the documents it renders, the manifest it
is about to write. An entry whose process is gone was left by a build that was
killed; the next build removes it. Nothing else a build writes is ever
half-written: files reach their place by an atomic rename.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from uuid import uuid4

SCRATCH = Path(".marco") / "tmp"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def clean(output_root: Path) -> None:
    """Remove what builds that are no longer running left in the scratch folder."""
    folder = output_root / SCRATCH
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        owner = entry.name.partition("-")[0]
        if owner.isdigit() and _alive(int(owner)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def entry_name() -> str:
    return f"{os.getpid()}-{uuid4().hex}"


@contextmanager
def scratch_folder(output_root: Path) -> Iterator[Path]:
    """A folder of this build's own in the scratch folder, removed afterwards."""
    folder = output_root / SCRATCH / entry_name()
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def replace_file(output_root: Path, target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` by way of the scratch folder."""
    scratch = output_root / SCRATCH
    scratch.mkdir(parents=True, exist_ok=True)
    temporary = scratch / entry_name()
    try:
        temporary.write_bytes(data)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
