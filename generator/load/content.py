"""Read the content tree into the content model, collecting every problem.

Layout of a content tree::

    mechanisms.yaml            mechanisms: [...]
    institutions.yaml          ministries: [... services: [...]]
    frameworks/*.yaml          one Programa Marco each
    commitments/<year>/*.yaml  one institution's commitments each
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Pos, Problem, Problems, display_path
from ..model.base import SRC
from ..model.content import Commitment, Content, Framework, Mechanism, Ministry
from .links import check_commitment_links, check_shared_links
from .rules import check_commitment_rules
from .validate import M, described, top_line, validate_model
from .years import framework_year_problems
from .yamlsrc import YamlProblem, load_yaml


#: what :func:`_read` returns for a file it could not read (already reported)
_UNREADABLE = object()


def _read(path: Path, problems: Problems) -> Any:
    try:
        return load_yaml(path)
    except YamlProblem as exc:
        problems.items.append(exc.problem)
        return _UNREADABLE


def _list_under(key: str, data: Any, path: Path, problems: Problems) -> list[Any]:
    shown = display_path(path)
    if data is _UNREADABLE:
        return []
    if not isinstance(data, dict) or key not in data:
        problems.add(Pos(shown, top_line(data)), f"expected a mapping with a '{key}' list")
        return []
    extra = [k for k in data if k not in (key, SRC)]
    for k in extra:
        problems.add(data[SRC].at(k), f"{k}: unknown field")
    items = data[key]
    if not isinstance(items, list):
        problems.add(data[SRC].at(key), f"{key}: wrong type (got {described(items)}, expected a list)")
        return []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            problems.add(data[SRC].at(key, i),
                         f"{key}.{i}: wrong type (got {described(item)}, expected a mapping)")
    return [item for item in items if isinstance(item, dict)]


def load_content(root: Path, with_commitments: bool = True) -> Content:
    """Load and check a content tree; raise :class:`UserError` with every problem.
    Without commitments, only what they are checked against is loaded (see
    :func:`read_commitment` to read them one at a time)."""
    problems = Problems()
    content = Content(root=root)
    if not root.is_dir():
        problems.add(Pos(display_path(root)), "content folder not found")
        problems.raise_if_any()

    path = root / "mechanisms.yaml"
    if _require(path, problems):
        for item in _list_under("mechanisms", _read(path, problems), path, problems):
            mechanism = validate_model(Mechanism, item, display_path(path), problems)
            if mechanism:
                if mechanism.key in content.mechanisms:
                    problems.add(mechanism.pos("key"), f"duplicate mechanism '{mechanism.key}'")
                content.mechanisms[mechanism.key] = mechanism

    path = root / "institutions.yaml"
    if _require(path, problems):
        for item in _list_under("ministries", _read(path, problems), path, problems):
            ministry = validate_model(Ministry, item, display_path(path), problems)
            if ministry:
                content.ministries.append(ministry)

    for path in sorted((root / "frameworks").glob("*.yaml")):
        data = _read(path, problems)
        if data is not _UNREADABLE:
            framework = validate_model(Framework, data, display_path(path), problems)
            if framework:
                content.frameworks.append(framework)

    # links are checked against sound shared files only, or they would echo
    # their faults; a commitment file that does not read is not checked further
    # (a stale year in a text is no such fault)
    shared_sound = not problems
    for framework in content.frameworks:
        problems.extend(framework_year_problems(framework))
    if with_commitments:
        for path in sorted((root / "commitments").glob("*/*.yaml")):
            commitment = _read_commitment(path, problems)
            if commitment:
                content.commitments.append(commitment)

    if shared_sound:
        shared = check_shared_links(content)
        problems.extend(shared)
        broken = {p.pos.path for p in shared}
        seen: dict[tuple[str, int, str], Pos] = {}
        for commitment in content.commitments:
            problems.extend(check_commitment(content, commitment, seen, broken))
    problems.raise_if_any()
    return content


def read_commitment(content: Content, path: Path,
                    seen: dict[tuple[str, int, str], Pos]) -> Commitment:
    """Read and check one commitment file against content loaded without
    commitments; raise :class:`UserError` with its problems."""
    problems = Problems()
    commitment = _read_commitment(path, problems)
    if commitment:
        problems.extend(check_commitment(content, commitment, seen, set()))
    problems.raise_if_any()
    assert commitment is not None
    return commitment


def check_commitment(content: Content, commitment: Commitment,
                     seen: dict[tuple[str, int, str], Pos],
                     broken: set[str]) -> list[Problem]:
    """Links, then the year's rules. The rules of a commitment with broken
    links, or of a broken framework (files in ``broken``), would only echo
    those problems, so they wait until the links are mended."""
    problems = check_commitment_links(content, commitment, seen)
    framework = content.framework_for(commitment.mechanism, commitment.year)
    if not problems and framework is not None and framework.pos().path not in broken:
        problems = check_commitment_rules(content, commitment)
    return problems


def _read_commitment(path: Path, problems: Problems) -> Commitment | None:
    return read_model(Commitment, path, problems)


def read_model(model: type[M], path: Path, problems: Problems) -> M | None:
    """One YAML file validated by ``model``; None, its problems recorded,
    when it does not read or does not fit."""
    data = _read(path, problems)
    if data is _UNREADABLE:
        return None
    return validate_model(model, data, display_path(path), problems)


def _require(path: Path, problems: Problems) -> bool:
    if path.exists() or path.is_symlink():
        return True  # what is wrong with it, the reader says
    problems.add(Pos(display_path(path)), "required file is missing")
    return False

