"""Compare the full build of the bundled content made by two versions of
marco's code: a git revision (default ``HEAD``) and the working tree. Both
build the working tree's ``content/``, so only the code (``generator/`` and
``templates/``) differs. Prints each document that differs or exists in one
build only; exit status 1 if any does, 0 if every output is byte-identical.

Usage: python scripts/compare_builds.py [REVISION]
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = ("generator", "templates")
CONTENT = ROOT / "content"
#: The engine's test document, built as its tests build it: with no content
#: and hostile data in place of its variable.
FIXTURE = ROOT / "tests" / "fixtures" / "engine" / "fixture.md"


def builds(document: Path) -> list[list[str]]:
    """What each version builds: every bundled kind, the decrees of every
    year with commitments, and ``document`` (the engine's test document)."""
    years = sorted(p.name for p in (CONTENT / "commitments").iterdir()
                   if p.is_dir() and any(p.glob("*.yaml")))
    bundled = [*(["build", "decrees", "--year", year] for year in years),
               ["build", "circulars"], ["build", "programa-marco"], ["build", "guides"]]
    return [*(["--content", str(CONTENT), *args] for args in bundled),
            ["--content", str(ROOT / "no-content"), "build", "document", str(document)]]


def checkout(revision: str, folder: Path) -> None:
    """The code of ``revision`` into ``folder``, without touching the working tree."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, *CODE],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")


def build(code: Path, output: Path, document: Path) -> None:
    """Every build of :func:`builds` with the code in ``code``."""
    run = f"import sys; sys.path.insert(0, {str(code)!r}); from generator.cli import main; main()"
    for args in builds(document):
        result = subprocess.run([sys.executable, "-c", run, "-q", "--output", str(output), *args],
                                cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"{code}: marco {' '.join(args)} failed:\n{result.stderr}")


def documents(output: Path) -> dict[str, bytes]:
    """Every generated document (not marco's own records under ``.marco/``)."""
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and ".marco" not in p.relative_to(output).parts}


def main() -> int:
    revision = sys.argv[1] if len(sys.argv) > 1 else "HEAD"
    with tempfile.TemporaryDirectory() as tmp:
        old_code, old_out, new_out = Path(tmp, "code"), Path(tmp, "old"), Path(tmp, "new")
        document = Path(tmp, FIXTURE.name)
        document.write_text(FIXTURE.read_text(encoding="utf-8").replace(
            "{{ peligroso }}", 'A & B <c> "d"'), encoding="utf-8")
        checkout(revision, old_code)
        build(old_code, old_out, document)
        build(ROOT, new_out, document)
        old, new = documents(old_out), documents(new_out)
    differ = sorted(name for name in old.keys() & new.keys() if old[name] != new[name])
    for name in differ:
        print(f"differs: {name}")
    for name in sorted(old.keys() - new.keys()):
        print(f"only in {revision}: {name}")
    for name in sorted(new.keys() - old.keys()):
        print(f"only in the working tree: {name}")
    same = len(old.keys() & new.keys()) - len(differ)
    print(f"{same} of {len(old.keys() | new.keys())} documents byte-identical "
          f"({revision} and the working tree)")
    return 1 if differ or old.keys() != new.keys() else 0


if __name__ == "__main__":
    sys.exit(main())
