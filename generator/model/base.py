"""Base of every content model: strict fields and the source position."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..errors import Pos

#: The key under which the YAML loader (:mod:`generator.load.yamlsrc`) puts a
#: mapping's :class:`Src`.
SRC = "__src__"


@dataclass
class Src:
    """Where a YAML mapping was read: its file and line, the line of each of
    its keys and of each item of its list values."""

    path: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)

    @property
    def pos(self) -> Pos:
        return Pos(self.path, self.line)

    def at(self, key: str, index: int | None = None) -> Pos:
        """Position of ``key`` (or of item ``index`` of the list under ``key``)."""
        if index is not None:
            lines = self.item_lines.get(key, [])
            if index < len(lines):
                return Pos(self.path, lines[index])
        return Pos(self.path, self.key_lines.get(key, self.line))


#: Stable identifiers and slugs: ASCII lowercase letters, digits and hyphens,
#: so they are safe in file names and never path-like (``../x``, ``a/b``).
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _without_src(value: Any) -> Any:
    return {k: v for k, v in value.items() if k != SRC} if isinstance(value, dict) else value


#: A plain mapping read from YAML (``experts: {id: name}``): the loader's
#: ``__src__`` entry is position data, not one of its keys.
PlainMapping = BeforeValidator(_without_src)


class Located(BaseModel):
    """A model read from YAML; ``src`` says where (see :mod:`generator.yamlsrc`)."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, arbitrary_types_allowed=True,
        defer_build=True,
    )

    src: Src | None = Field(default=None, alias="__src__", exclude=True, repr=False)
    #: The properties and methods a content template may use, besides the
    #: fields (see :mod:`generator.read.sandbox`).
    TEMPLATE_ATTRIBUTES: ClassVar[frozenset[str]] = frozenset()

    def pos(self, key: str | None = None, index: int | None = None) -> Pos:
        if self.src is None:
            return Pos("<unknown>", 0)
        return self.src.at(key, index) if key else self.src.pos
