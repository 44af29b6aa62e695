"""Live preview benchmark: the time from saving a file to ``marco serve``
serving the new page, for a decree (a commitment edited; then its PDF,
built on demand) and for the guide (its Markdown edited), on the bundled
content. Reference, measured in the same run on the same edits: what a look
costs without the server, ``marco build KIND --format html`` after the save.
Prints figures; fails nothing. Usage: python benchmarks/bench_serve.py [ROUNDS]"""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARCO = Path(sys.executable).with_name("marco")


def get(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


def until_served(port: int, path: str, marker: bytes) -> float:
    """Seconds until the page at ``path`` holds ``marker`` (polled every 2 ms)."""
    start = time.perf_counter()
    while marker not in get(port, path):
        if time.perf_counter() - start > 60:
            raise SystemExit(f"{path} was not served with {marker!r} within 60 s")
        time.sleep(0.002)
    return time.perf_counter() - start


def edits(rounds: int):
    """Each round's edits: (label, file under the project, page, the new
    text's marker, the edit)."""
    commitment = Path("content") / "commitments" / "2012" / "fne.yaml"
    guide = Path("content") / "guias" / "gestion-territorial" / "guia.md"
    for n in range(rounds):
        # the decree's number: its stamp says "DECRETO N° <number>"
        number = f"{900 + n}"
        yield ("decree", commitment, "/doc/2012-mei-fne", f"DECRETO N° {number}",
               lambda text, number=number: re.sub(r"(?m)^decree:\n  number: .*\n", "", text)
               + f"decree:\n  number: '{number}'\n")
        paragraph = f"Párrafo de medición número {n}."
        yield ("guide", guide, "/doc/guia-gestion-territorial", paragraph,
               lambda text, paragraph=paragraph: re.sub(
                   r"Párrafo de medición número \d+\.\n\n", "", text).replace(
                   "\n# ", f"\n{paragraph}\n\n# ", 1))


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    folder = Path(tempfile.mkdtemp(prefix="marco-bench-serve-"))
    live, reference = folder / "live", folder / "reference"
    try:
        for project in (live, reference):
            shutil.copytree(ROOT / "content", project / "content")
        for command in ("decrees", "guides"):  # the reference builds as the server: incrementally
            subprocess.run([str(MARCO), "-q", "build", command, "--format", "html"],
                           cwd=reference, check=True)
        server = subprocess.Popen([str(MARCO), "serve", "--port", "0"], cwd=live,
                                  stdout=subprocess.PIPE, stderr=open(folder / "serve.log", "w"), text=True)
        start = time.perf_counter()
        line = server.stdout.readline()
        first = time.perf_counter() - start
        port = int(re.search(r":(\d+)/", line)[1])
        served: dict[str, list[float]] = {"decree": [], "guide": [], "decree PDF": []}
        built: dict[str, list[float]] = {"decree": [], "guide": []}
        for label, path, page, marker, edit in edits(rounds):
            for project in (live, reference):
                file = project / path
                file.write_text(edit(file.read_text(encoding="utf-8")), encoding="utf-8")
            served[label].append(until_served(port, page, marker.encode("utf-8")))
            if label == "decree":
                start = time.perf_counter()
                pdf = get(port, "/download/2012-mei-fne.pdf")
                served["decree PDF"].append(time.perf_counter() - start)
                assert pdf.startswith(b"%PDF-")
            time.sleep(1.0)  # the server idle again (its rebuild done) before the reference
            command = "decrees" if label == "decree" else "guides"
            start = time.perf_counter()
            subprocess.run([str(MARCO), "-q", "build", command, "--format", "html"],
                           cwd=reference, check=True)
            built[label].append(time.perf_counter() - start)
        server.terminate()
        server.wait(timeout=30)
    except SystemExit:
        print((folder / "serve.log").read_text())
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"live preview benchmark: bundled content, {rounds} rounds")
    print(f"  server start (every document's HTML built)  {first:6.2f} s")
    for label, times in served.items():
        print(f"  save → {label:<11} served   median {statistics.median(times):6.3f} s   "
              f"best {min(times):6.3f} s")
    for label, times in built.items():
        print(f"  reference: marco build {label + 's':<8} --format html   median "
              f"{statistics.median(times):6.3f} s   best {min(times):6.3f} s")


if __name__ == "__main__":
    main()
