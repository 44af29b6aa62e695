"""Validating YAML data against a content model, each error at its line as
``field: what is wrong (got X, expected Y)``."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ValidationError

from ..errors import Pos, Problems
from ..model.base import ID_PATTERN, SRC, Located
from .yamlsrc import line_of

M = TypeVar("M", bound=Located)


def describe_validation_error(err: dict[str, Any]) -> str:
    """A pydantic error as ``field: what is wrong (got X, expected Y)``."""
    loc = [str(p) for p in err["loc"] if not str(p).startswith("function-")]
    where = ".".join(loc) if loc else "document"
    kind = err["type"]
    got = err.get("input")
    shown = described(got)
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


def described(value: Any) -> str:
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
            problems.add(Pos(path, line_of(data, loc) or top_line(data)),
                         describe_validation_error(err))
        return None


def top_line(data: Any) -> int:
    return data[SRC].line if isinstance(data, dict) and SRC in data else 1
