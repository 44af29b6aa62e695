"""Read the content tree into the content model, collecting every problem.

Layout of a content tree::

    mechanisms.yaml            mechanisms: [...]
    institutions.yaml          ministries: [... services: [...]]
    frameworks/*.yaml          one Programa Marco each
    commitments/<year>/*.yaml  one institution's commitments each
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from .errors import Pos, Problem, Problems, display_path
from .model.base import ID_PATTERN, Located
from .model.content import Commitment, Framework, Mechanism, Ministry, Service
from .yamlsrc import SRC, YamlProblem, line_of, load_yaml

M = TypeVar("M", bound=Located)


@dataclass
class Content:
    root: Path
    mechanisms: dict[str, Mechanism] = field(default_factory=dict)
    ministries: list[Ministry] = field(default_factory=list)
    frameworks: list[Framework] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)

    @cached_property
    def services(self) -> dict[str, tuple[Ministry, Service]]:
        """Every service by slug, with its ministry (read once the content is loaded)."""
        return {s.slug: (m, s) for m in self.ministries for s in m.services}

    def framework_for(self, mechanism: str, year: int) -> Framework | None:
        for framework in self.frameworks:
            if framework.year == year and mechanism in framework.mechanisms:
                return framework
        return None

    def summary(self) -> str:
        systems = sum(1 for f in self.frameworks for _ in f.systems())
        objectives = sum(
            1 for f in self.frameworks for _, s in f.systems() for _ in s.all_objectives()
        )
        institutions = sum(len(m.services) for m in self.ministries)
        return (
            f"{len(self.frameworks)} frameworks, {systems} systems, {objectives} objectives, "
            f"{institutions} institutions, {len(self.commitments)} commitments"
        )


def describe_validation_error(err: dict[str, Any]) -> str:
    """A pydantic error as ``field: what is wrong (got X, expected Y)``."""
    loc = [str(p) for p in err["loc"] if not str(p).startswith("function-")]
    where = ".".join(loc) if loc else "document"
    kind = err["type"]
    got = err.get("input")
    shown = _shown(got)
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"{where}: missing required field"
    if kind == "extra_forbidden":
        return f"{where}: unknown field"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") != ID_PATTERN:
        return f"{where}: invalid value {shown} (expected text matching {ctx.get('pattern')})"
    if kind == "string_pattern_mismatch":
        return (
            f"{where}: invalid id {shown} (expected lowercase ASCII letters, digits "
            "and single hyphens, e.g. 'superintendencia-de-salud')"
        )
    if kind == "enum":
        return f"{where}: invalid value {shown} (expected one of {ctx.get('expected')})"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return f"{where}: {err['msg'].lower()} (got {shown})"
    if kind == "too_short":
        return f"{where}: must not be empty"
    if kind in ("string_type", "int_type", "int_parsing", "decimal_parsing", "decimal_type",
                "bool_type", "bool_parsing", "list_type", "dict_type", "model_type",
                "date_type", "date_parsing", "date_from_datetime_parsing",
                "model_attributes_type", "float_parsing", "int_from_float"):
        expected = {
            "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
            "int_from_float": "a whole number", "decimal_parsing": "a number",
            "decimal_type": "a number", "float_parsing": "a number", "bool_type": "true or false",
            "bool_parsing": "true or false", "list_type": "a list", "dict_type": "a mapping",
            "model_type": "a mapping", "model_attributes_type": "a mapping",
            "date_type": "a date (YYYY-MM-DD)", "date_parsing": "a date (YYYY-MM-DD)",
            "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
        }[kind]
        return f"{where}: wrong type (got {shown}, expected {expected})"
    return f"{where}: {err['msg']} (got {shown})"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def validate_model(model: type[M], data: Any, path: str, problems: Problems) -> M | None:
    """Validate ``data`` against ``model``; record every error with its line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
            problems.add(Pos(path, line_of(data, loc) or _top_line(data)),
                         describe_validation_error(err))
        return None


def _top_line(data: Any) -> int:
    return data[SRC].line if isinstance(data, dict) and SRC in data else 1


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
        problems.add(Pos(shown, _top_line(data)), f"expected a mapping with a '{key}' list")
        return []
    extra = [k for k in data if k not in (key, SRC)]
    for k in extra:
        problems.add(data[SRC].at(k), f"{k}: unknown field")
    items = data[key]
    if not isinstance(items, list):
        problems.add(data[SRC].at(key), f"{key}: wrong type (got {_shown(items)}, expected a list)")
        return []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            problems.add(data[SRC].at(key, i),
                         f"{key}.{i}: wrong type (got {_shown(item)}, expected a mapping)")
    return [item for item in items if isinstance(item, dict)]


def load_content(root: Path, with_commitments: bool = True) -> Content:
    """Load and check a content tree; raise :class:`UserError` with every problem.
    Without commitments, only what they are checked against is loaded (see
    :func:`read_commitment` to read them one at a time)."""
    from .links import check_shared_links

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

    if with_commitments:
        for path in sorted((root / "commitments").glob("*/*.yaml")):
            commitment = _read_commitment(path, problems)
            if commitment:
                content.commitments.append(commitment)

    if not problems:
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
    from .links import check_commitment_links
    from .rules import check_commitment_rules

    problems = check_commitment_links(content, commitment, seen)
    framework = content.framework_for(commitment.mechanism, commitment.year)
    if not problems and framework is not None and framework.pos().path not in broken:
        problems = check_commitment_rules(content, commitment)
    return problems


def _read_commitment(path: Path, problems: Problems) -> Commitment | None:
    data = _read(path, problems)
    if data is _UNREADABLE:
        return None
    return validate_model(Commitment, data, display_path(path), problems)


def _require(path: Path, problems: Problems) -> bool:
    if path.is_file():
        return True
    problems.add(Pos(display_path(path)), "required file is missing")
    return False

