"""YAML with source positions.

Every mapping read from a file gets a ``__src__`` entry, a :class:`Src` that
knows the file, the mapping's line, the line of each key and of each item of a
list value. Content models accept it (see ``model.base``), so any later check
can point at ``path:line`` of the exact value it rejects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import Pos, Problem, UserError, display_path
from ..model.base import SRC, Src
from .files import read_text

try:  # the C composer is several times faster; fall back where libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

#: The tag of a plain string, whose value is the node's own (most scalars:
#: they need no constructor).
_STR = "tag:yaml.org,2002:str"


class _Builder:
    """Turns a composed YAML node tree into plain data with ``__src__`` entries."""

    def __init__(self, path: str):
        self.path = path
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.open: set[int] = set()  # collections being built: an alias to one is a cycle

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if id(node) in self.open:
                raise _Located(node.start_mark.line + 1, "malformed YAML: recursive alias")
            self.open.add(id(node))
            try:
                if isinstance(node, yaml.MappingNode):
                    return self._mapping(node)
                return [self.build(item) for item in node.value]
            finally:
                self.open.discard(id(node))
        if node.tag == _STR:
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:  # e.g. a date 2011-13-15
            kind = "date" if node.tag.endswith(":timestamp") else "value"
            raise _Located(node.start_mark.line + 1,
                           f"invalid {kind} '{node.value}' ({exc})") from None

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        src = Src(self.path, node.start_mark.line + 1)
        data: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = (key_node.value if key_node.tag == _STR
                   else self.constructor.construct_object(key_node, deep=True))
            if not isinstance(key, str):
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in data:
                raise _Located(line, f"duplicate key '{key}' (first at line {src.key_lines[key]})")
            data[key] = self.build(value_node)
            src.key_lines[key] = line
            if isinstance(value_node, yaml.SequenceNode):
                src.item_lines[key] = [item.start_mark.line + 1 for item in value_node.value]
        data[SRC] = src
        return data


class _Located(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def parse_yaml(text: str, path: str) -> Any:
    """Parse ``text``; raise :class:`YamlProblem` with the position on bad YAML."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line, message = _marked(exc, text)
        raise YamlProblem(Problem(Pos(path, line), message)) from None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. NUL
        line = text.count("\n", 0, exc.position) + 1
        raise YamlProblem(Problem(Pos(path, line), "malformed YAML: unacceptable character "
                                  f"#x{exc.character:04x}: {exc.reason}")) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "unreadable"
        raise YamlProblem(Problem(Pos(path, 0), f"malformed YAML: {first}")) from None
    if node is None:
        return None
    try:
        return _Builder(path).build(node)
    except _Located as exc:
        raise YamlProblem(Problem(Pos(path, exc.line), exc.message)) from None
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise YamlProblem(Problem(Pos(path, line), f"malformed YAML: {exc.problem}")) from None


def _marked(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The line and message of a scanner or parser error. A token left open
    (a quote, a bracket) is reported at the line where it opens, with where
    the parser gave up; any other fault where it is found. No line is past
    the end of the text."""
    found, context = exc.problem_mark, exc.context_mark
    opened = context is not None and (isinstance(exc, yaml.scanner.ScannerError)
                                      or (exc.context or "").startswith("while parsing a flow"))
    mark, other = (context, found) if opened else (found or context, context)
    last = max(1, len(text.splitlines()))
    line = min(mark.line + 1, last) if mark else 0
    message = exc.problem or "malformed YAML"
    if found and 0 <= found.index < len(text) and text[found.index] == "\t":
        return found.line + 1, "malformed YAML: tab character (indent with spaces)"
    if exc.context:
        elsewhere = other is not None and other.line + 1 != line and other.line + 1 <= last
        if opened:
            message = f"{exc.context}: {message}" + (f" (at line {other.line + 1})"
                                                      if elsewhere else "")
        else:
            message = f"{exc.context}{f' at line {other.line + 1}' if elsewhere else ''}: {message}"
    return line, f"malformed YAML: {message}"


def load_yaml(path: Path) -> Any:
    """Read and parse a YAML file; errors name the file as the user sees it."""
    try:
        text = read_text(path)
    except UserError as error:
        raise YamlProblem(error.problems[0]) from None
    return parse_yaml(text, display_path(path))


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def line_of(data: Any, loc: tuple[Any, ...]) -> int:
    """Line of the deepest element of ``data`` reachable along ``loc``
    (a pydantic error location)."""
    line = 0
    current = data
    parent_src: Src | None = None
    parent_key: Any = None
    for part in loc:
        if isinstance(current, dict):
            src = current.get(SRC)
            if isinstance(part, str) and part in current:
                if src:
                    line = src.key_lines.get(part, line)
                parent_src, parent_key = src, part
                current = current[part]
                continue
            if src:
                line = src.line
            break
        if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            if parent_src is not None:
                items = parent_src.item_lines.get(parent_key, [])
                if part < len(items):
                    line = items[part]
            current = current[part]
            parent_src = None
            continue
        break
    return line
