"""How a document kind writes its numbers: the one place where a number (a
tuple assigned by the numbering pass) becomes text, both as the element shows
it ("Cuadro 2", "6.2.1", "Artículo 1°.-") and as a reference cites it
("Cuadro 2", "sección 6.2.1", "artículo 1°").

This module imports nothing outside the standard library, so that the kind
registry (:mod:`generator.kinds`) that declares each kind's scheme can be read
without the project's dependencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: How the ``{n}`` of a format writes a number tuple: ``decimal`` its last
#: part (``3``), ``path`` every part (``6.2.1``), ``roman`` / ``ROMAN`` its
#: last part in lower / upper case Roman numerals (``iv``, ``IV``).
Numeral = Literal["decimal", "path", "roman", "ROMAN"]

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    """``n`` in upper case Roman numerals: ``IV``."""
    out = []
    for value, letters in ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


@dataclass(frozen=True)
class Style:
    """How one kind of numbered element writes its number: ``display`` on the
    element itself, ``reference`` in a full reference to it (``[@tbl:x]``); a
    number-only reference (``[-@tbl:x]``) is the numeral alone. In both
    formats ``{n}`` is the numeral and ``{0}``, ``{1}``, … the parts of the
    number tuple in decimal (an annex's sections: ``sección {n} del Anexo {0}``)."""

    display: str
    reference: str
    numeral: Numeral = "decimal"

    def number_text(self, number: tuple[int, ...]) -> str:
        """The numeral: what a number-only reference reads."""
        if self.numeral == "path":
            return ".".join(str(part) for part in number)
        last = number[-1]
        if self.numeral == "roman":
            return roman(last).lower()
        if self.numeral == "ROMAN":
            return roman(last)
        return str(last)

    def shown(self, number: tuple[int, ...]) -> str:
        """The number as the element shows it: ``Cuadro 2``."""
        return self.display.format(*number, n=self.number_text(number))

    def cited(self, number: tuple[int, ...]) -> str:
        """The number as a full reference reads: ``sección 6.2.1``."""
        return self.reference.format(*number, n=self.number_text(number))


@dataclass(frozen=True)
class Scheme:
    """The numbering of a document kind. ``sections`` gives the style of each
    level of section, the last one serving the deeper levels (empty: sections
    are not numbered); ``intro`` numbers, on their own, the sections inside an
    unnumbered top-level section (a guide's introduction); ``annex_sections``
    the sections inside an annex, whose number starts with the annex's."""

    sections: tuple[Style, ...] = (Style("{n}", "sección {n}", "path"),)
    intro: Style | None = None
    annex_sections: tuple[Style, ...] = (Style("{n}", "sección {n} del Anexo {0}", "path"),)
    par: Style = Style("{n})", "párrafo {n}")
    con: Style = Style("{n}.-", "considerando {n}")
    art: Style = Style("Artículo {n}°.-", "artículo {n}°")
    rule: Style = Style("{n}.", "punto {n}")
    item: Style = Style("{n})", "punto {n}", "roman")
    tbl: Style = Style("Cuadro {n}", "Cuadro {n}")
    fig: Style = Style("Figura {n}", "Figura {n}")
    ann: Style = Style("Anexo {n}", "Anexo {n}")
    fn: Style = Style("{n}", "{n}")
    list_item: Style = Style("{n}.", "{n}")

    def section_style(self, level: int, *, intro: bool = False,
                      annex: bool = False) -> Style | None:
        """The style of a section at ``level`` (1 for the top), or None when
        such sections are not numbered."""
        if intro and self.intro is not None:
            return self.intro
        styles = self.annex_sections if annex else self.sections
        return styles[min(level, len(styles)) - 1] if styles else None
