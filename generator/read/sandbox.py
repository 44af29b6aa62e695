"""The sandbox content templates run in: what a template may reach, and how
much it may do.

**What it may reach** is an allow-list (:meth:`ContentSandbox.is_safe_attribute`),
on top of Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`
(no private or internal attributes, no changes to lists and dicts):

- plain data: text, numbers, dates, booleans, lists, tuples, mappings;
- the content model's objects, through their fields and the helpers each
  model class lists in ``TEMPLATE_ATTRIBUTES`` (``Service.named``,
  ``Framework.systems``, …), never pydantic's own methods (``parse_file``,
  ``model_dump``, …) nor where a model was read from;
- the loaded content (``content`` of standalone documents), through
  :data:`CONTENT_ATTRIBUTES` only: not its folder;
- Jinja's own loop, namespace, cycler and macro objects.

Any other object (a path, a module, a function's attributes, a template
reference through ``self``) has no attribute a template can read.

**What it may include** (``{% extends %}``, ``{% include %}``,
``{% import %}``): only the shared parts of the content it belongs to, the
Markdown files under the content folder's ``partes/``, by their name there
(``{% extends "programa-marco.md" %}``); never a file elsewhere, by an
absolute path, through ``..`` or a symbolic link out of that folder
(:class:`PartsLoader`). A template's name carries its content's parts
folder, which :meth:`ContentSandbox.join_path` gives to what it includes.

**How much it may do** is bounded by :data:`LIMITS`: the items of a
``range``, the size of a value made by ``*`` or ``**``, the size of the
rendered text, the depth of nested calls (a macro that calls itself without
end), and the time a document's rendering may take. Going past one is the
template author's error (:class:`LimitExceeded`), reported at its line.
"""

from __future__ import annotations

import datetime as dt
import math
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

from ..errors import display_path
from ..load.files import read_text
from ..model.base import Located
from ..model.content import Content


@dataclass(frozen=True)
class Limits:
    """What one document's template may do at most."""

    range_items: int = 10_000
    value_size: int = 1_000_000  # characters or items made by one * or **
    output_size: int = 5_000_000  # characters of rendered text
    call_depth: int = 50  # nested calls (macros, helpers)
    seconds: float = 10.0  # to render the document's template


LIMITS = Limits()

#: What a template may read of the loaded content.
CONTENT_ATTRIBUTES = frozenset({"mechanisms", "ministries", "frameworks", "commitments",
                                "services", "framework_for"})
#: Plain data: every public attribute Jinja's sandbox allows.
PLAIN = (str, int, float, Decimal, bool, dt.date, dt.time, list, tuple, dict, set, frozenset,
         range, Markup, type(None))
#: Jinja's own objects a template works with.
JINJA = (LoopContext, Namespace, Cycler, Joiner, Macro)


class Present(dict):
    """Plain data of which only what the content has is in scope (a
    framework's rules): a key it lacks is absent, false when a template
    tests it and an error, told by ``missing(key)``, when one uses it."""

    def __init__(self, values: dict[str, Any], missing: Callable[[str], str]):
        super().__init__(values)
        self._missing = missing


class LimitExceeded(Exception):
    """A template went past one of :data:`LIMITS`."""


#: The folder of a content tree's shared template parts.
PARTS_FOLDER = "partes"
#: Between a template's parts folder and its own name, in the name Jinja knows it by.
_SEPARATOR = "\x00"


def template_name(parts: Path, name: str) -> str:
    """The name Jinja knows a template by: its content's parts folder and its own name."""
    return f"{parts}{_SEPARATOR}{name}"


class PartsLoader(jinja2.BaseLoader):
    """Loads the parts a template includes, from its content's ``partes/``
    folder only; each part is line-marked for positions in the rendered
    text (``mark``: the marker of :mod:`generator.read.templating`). It
    loads only the names :meth:`resolve` made, never one a template wrote."""

    def __init__(self, mark: Callable[[str, str], str]):
        self.mark = mark
        self._resolved: dict[str, tuple[Path, str]] = {}

    def resolve(self, template: str, parent: str) -> str:
        """The name of what ``parent`` includes as ``template``: in its parts folder."""
        folder = parent.partition(_SEPARATOR)[0] if _SEPARATOR in parent else ""
        if not folder or _SEPARATOR in template:
            return template
        name = template_name(Path(folder), template)
        self._resolved[name] = (Path(folder), template)
        return name

    def get_source(self, environment: jinja2.Environment, template: str):
        if template not in self._resolved:
            shown = template.replace(_SEPARATOR, "")
            raise jinja2.TemplateNotFound(shown, f"{shown} (only a document of a content "
                                                 f"folder includes parts, from its "
                                                 f"{PARTS_FOLDER}/)")
        parts, name = self._resolved[template]
        path = parts / name
        inside = not Path(name).is_absolute() and ".." not in Path(name).parts
        if not (inside and name.endswith(".md") and path.is_file()
                and path.resolve().is_relative_to(parts.resolve())):
            raise jinja2.TemplateNotFound(name, f"{name} (no such part: a template includes "
                                                f"the .md files of {display_path(parts)}/ "
                                                "by their name there)")
        shown = display_path(path)
        mtime = path.stat().st_mtime_ns
        source = self.mark(read_text(path), shown)

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime_ns == mtime
            except OSError:
                return False
        return source, f"<template:{shown}>", uptodate


class ContentSandbox(ImmutableSandboxedEnvironment):
    """The environment of content templates (see the module's docstring)."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, loader: PartsLoader, limits: Limits = LIMITS, **options: Any) -> None:
        super().__init__(loader=loader, auto_reload=True, **options)
        self.limits = limits
        self.globals["range"] = self._range
        self._depth = 0

    def join_path(self, template: str, parent: str) -> str:
        """What ``parent`` includes is looked for in its own parts folder."""
        assert isinstance(self.loader, PartsLoader)
        return self.loader.resolve(template, parent)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, Located):
            fields = type(obj).model_fields
            return (attr in fields and attr != "src") or attr in type(obj).TEMPLATE_ATTRIBUTES
        if isinstance(obj, Content):
            return attr in CONTENT_ATTRIBUTES
        if isinstance(obj, Enum):
            return attr in ("name", "value")
        return isinstance(obj, PLAIN + JINJA)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any,
                   right: Any) -> Any:
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
                    self._check_size(len(sequence) * count, operator)
        elif isinstance(left, int) and isinstance(right, int) and right > 0 and left not in (
                -1, 0, 1):
            self._check_size(int(right * math.log10(abs(left))) + 1, operator)
        return super().call_binop(context, operator, left, right)

    def _check_size(self, size: int, operator: str) -> None:
        if size > self.limits.value_size:
            raise LimitExceeded(f"'{operator}' would make a value of {size} characters or items "
                                f"(at most {self.limits.value_size})")

    def _range(self, *args: int) -> range:
        items = range(*args)
        if len(items) > self.limits.range_items:
            raise LimitExceeded(f"range of {len(items)} items (at most "
                                f"{self.limits.range_items})")
        return items

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        if __self._depth >= __self.limits.call_depth:
            raise LimitExceeded(f"calls nested more than {__self.limits.call_depth} deep "
                                "(a macro that calls itself without end?)")
        __self._depth += 1
        try:
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            __self._depth -= 1

    def render(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """``template`` rendered with ``context`` within the limits."""
        chunks, size = [], 0
        with time_budget(self.limits.seconds):
            generator = template.generate(**context)
            for chunk in generator:
                size += len(chunk)
                chunks.append(chunk)
                if size > self.limits.output_size:  # raised where the template is, for its line
                    generator.throw(LimitExceeded(f"the rendered text passes "
                                                  f"{self.limits.output_size} characters"))
        return "".join(chunks)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`LimitExceeded` in the code running after ``seconds``
    (where signals can be had: the main thread of a process)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal,
                                                                                 "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise LimitExceeded(f"the template took more than {seconds:g} s to render")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
