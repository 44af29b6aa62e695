"""A document model as JSON, and back: what every build keeps beside a
document's outputs (``output/.marco/model/<document id>.json``), so that two
builds can be compared on the model (``marco diff``) rather than on DOCX bytes.

The encoding is generic over the model's dataclasses (every dataclass of
:mod:`generator.model.document`, and :class:`~generator.model.labels.Label`
and :class:`~generator.model.labels.LabelTable`), their fields read with
:func:`dataclasses.fields`, so a field added to the model needs no change
here. A dataclass is an object tagged with its class name (``{"$": "Text",
"text": "…"}``); what JSON has no type for is an object of one tagged key:
``{"$tuple": […]}``, ``{"$dict": [[key, value], …]}`` (keys keep their type
and the order is kept), ``{"$bytes": "<base64>"}``, ``{"$date": "2012-01-31"}``.
Lists, text, numbers, booleans and null are themselves.

Source positions are left out (every field typed :class:`~generator.errors.Pos`:
``pos``, ``Document.source``, ``Label.pos``) and read back as
:data:`~generator.model.document.NOWHERE`: the same document built from
content in another folder gives the same bytes. The same document always
gives the same bytes (fields in their declared order, compact JSON, UTF-8).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import json
import typing
from dataclasses import dataclass
from typing import Any, Callable

from .. import __version__
from ..errors import Pos
from . import document as _document
from . import labels as _labels
from .document import NOWHERE, Document

#: The version of this encoding; a file of another is refused.
MODEL_FORMAT = 1
#: The tag key of a dataclass's object.
TAG = "$"


class ModelFileError(ValueError):
    """Not a model file this marco can read; the message is one line."""


@dataclass
class ModelFile:
    """A model file read back: its encoding's version, the marco version and
    engine digest that wrote it, and the document."""

    format: int
    marco: str
    engine: str
    document: Document


@dataclass(frozen=True)
class _Plan:
    """How one model class is written and read: its tag, the fields written
    (in declared order, positions left out), the fields a file must give (no
    default) and the position fields (set to NOWHERE when read)."""

    cls: type
    tag: str
    names: tuple[str, ...]
    required: frozenset[str]
    positions: tuple[str, ...]


def _plan(cls: type) -> _Plan:
    hints = typing.get_type_hints(cls)
    names, required, positions = [], set(), []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        if hints.get(f.name) is Pos:
            positions.append(f.name)
            continue
        names.append(f.name)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.add(f.name)
    return _Plan(cls, cls.__name__, tuple(names), frozenset(required), tuple(positions))


_PLANS: dict[type, _Plan] = {}
_BY_TAG: dict[str, _Plan] = {}


def _plans() -> dict[type, _Plan]:
    """Every model class's plan, made on first use."""
    if not _PLANS:
        classes = [value for value in vars(_document).values()
                   if isinstance(value, type) and dataclasses.is_dataclass(value)
                   and value.__module__ == _document.__name__]
        for cls in [*classes, _labels.Label, _labels.LabelTable]:
            plan = _plan(cls)
            _PLANS[cls] = plan
            _BY_TAG[plan.tag] = plan
    return _PLANS


# ----------------------------------------------------------------- writing

def _encode(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or value is None or kind is bool or kind is float:
        return value
    if kind is list:
        return [_encode(item) for item in value]
    plan = _PLANS.get(kind)
    if plan is not None:
        out: dict[str, Any] = {TAG: plan.tag}
        for name in plan.names:
            item = getattr(value, name)
            of = type(item)  # the plain values inline: most fields are text or None
            out[name] = (item if of is str or item is None or of is int or of is bool
                         else _encode(item))
        return out
    if kind is tuple:
        return {"$tuple": [_encode(item) for item in value]}
    if kind is dict:
        return {"$dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if kind is bytes:
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if kind is dt.date:
        return {"$date": value.isoformat()}
    for plain in (str, int, float):  # a subclass of one (markup-safe text, an enum)
        if isinstance(value, plain):
            return plain(value)
    raise TypeError(f"the document model holds a {kind.__qualname__}, which a model file "
                    f"cannot keep: {value!r:.80}")


def document_json(document: Document, engine: str) -> bytes:
    """``document`` as a model file's bytes: the same document gives the same bytes."""
    _plans()
    data = {"format": MODEL_FORMAT, "marco": __version__, "engine": engine,
            "document": _encode(document)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


# ----------------------------------------------------------------- reading


def _fail(message: str) -> ModelFileError:
    return ModelFileError(message.replace("\n", " "))


def _hashable(value: Any, where: str) -> Any:
    try:
        hash(value)
    except TypeError:
        raise _fail(f"{where}: a mapping's key cannot be {type(value).__name__}") from None
    return value


def _decode_tagged(tag: str, value: Any, where: str) -> Any:
    if tag == "$tuple":
        if type(value) is not list:
            raise _fail(f"{where}: $tuple must hold a list")
        return tuple(_decode(item, where) for item in value)
    if tag == "$dict":
        if type(value) is not list or not all(type(p) is list and len(p) == 2 for p in value):
            raise _fail(f"{where}: $dict must hold a list of [key, value] pairs")
        return {_hashable(_decode(k, where), where): _decode(v, f"{where}[{k!r}]")
                for k, v in value}
    if tag == "$bytes":
        if type(value) is not str:
            raise _fail(f"{where}: $bytes must hold base64 text")
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise _fail(f"{where}: $bytes holds no valid base64") from None
    if tag == "$date":
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise _fail(f"{where}: $date holds no ISO date (got {value!r:.40})") from None
    raise _fail(f"{where}: unknown tag {tag!r}")


def _decode_object(data: dict[str, Any], where: str) -> Any:
    tag = data[TAG]
    plan = _BY_TAG.get(tag) if type(tag) is str else None
    if plan is None:
        raise _fail(f"{where}: unknown class {tag!r:.60}")
    where = f"{where}.{plan.tag}" if where else plan.tag
    values: dict[str, Any] = {}
    known = plan.names
    for name, item in data.items():
        if name == TAG:
            continue
        if name not in known:
            raise _fail(f"{where}: unknown field {name!r:.60}")
        values[name] = _decode(item, f"{where}.{name}")
    missing = plan.required - values.keys()
    if missing:
        raise _fail(f"{where}: missing field {sorted(missing)[0]!r}")
    for name in plan.positions:
        values[name] = NOWHERE
    try:
        return plan.cls(**values)
    except (TypeError, ValueError) as error:
        raise _fail(f"{where}: {error}") from None


def _decode(value: Any, where: str) -> Any:
    kind = type(value)
    if kind is list:
        return [_decode(item, where) for item in value]
    if kind is dict:
        if TAG in value:
            return _decode_object(value, where)
        if len(value) == 1:
            [(tag, inner)] = value.items()
            return _decode_tagged(tag, inner, where)
        raise _fail(f"{where}: an object that is no model class (keys "
                    f"{', '.join(map(repr, list(value)[:4]))})")
    return value


_FIELDS: dict[str, Callable[[Any], bool]] = {
    "format": lambda v: type(v) is int, "marco": lambda v: type(v) is str,
    "engine": lambda v: type(v) is str, "document": lambda v: True,
}


def read_document_json(data: bytes) -> ModelFile:
    """A model file's bytes read back; :class:`ModelFileError` (one line) for
    anything but a model file of this format made of the model's classes."""
    _plans()
    try:
        top = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise _fail(f"not a model file: not JSON ({error})") from None
    except RecursionError:
        raise _fail("not a model file: nested too deeply") from None
    if type(top) is not dict or "format" not in top:
        raise _fail("not a model file: no 'format'")
    if top["format"] != MODEL_FORMAT:
        raise _fail(f"a model file of format {top['format']!r:.40}, expected {MODEL_FORMAT}")
    for name, check in _FIELDS.items():
        if name not in top or not check(top[name]):
            raise _fail(f"not a model file: no valid {name!r}")
    unknown = sorted(top.keys() - _FIELDS.keys())
    if unknown:
        raise _fail(f"not a model file: unknown field {unknown[0]!r:.60}")
    try:
        document = _decode(top["document"], "")
    except RecursionError:
        raise _fail("not a model file: nested too deeply") from None
    if not isinstance(document, Document):
        raise _fail(f"not a model file: its document is a {type(document).__name__}")
    return ModelFile(top["format"], top["marco"], top["engine"], document)
