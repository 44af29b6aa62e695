"""Fidelity: the bundled circular and Programa Marco say what their sources say.

Each generated document, as the text writer writes it, is compared word by
word with its source (the plain-text extraction in
``tests/fixtures/documents/``, a copy of the shared sources) after both are
normalised:

- whitespace: any run of it is one space; table cells are words of their row;
- the source's page furniture is removed: stamps, barcodes, page numbers, a
  table's heading row repeated on a new page (listed by line below);
- the extraction's reading order is repaired where it put a line out of
  place (listed by line below), and the source's footnotes, which the
  extraction leaves at the foot of each page, are read at the end, as the
  text writer writes them;
- list bullets and emphasis marks go; a footnote call is its number glued
  to the word it follows, as the extraction writes it (``Gestión2``).

Every difference left is listed with the paragraph it falls in and the
source line. The only ones allowed are the sources' slips in :data:`CASES`,
each tied to the comment in the content that records its correction (the
test checks that the comment is there); an allowed slip that no longer
occurs fails the test too, so the list stays true.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.assemble import read_document
from generator.passes.frameworks import frameworks_library
from generator.passes.prepare import prepare
from generator.load.content import load_content
from generator.writers.text import render_text

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SOURCES = Path(__file__).parent / "fixtures" / "documents"

CALL = re.compile(r"\[(\d+)\]")
BULLET = re.compile(r"^\s*-\s+")
EMPHASIS = re.compile(r"\*\*(\w[^*]*)\*\*|\*(\w[^*]*)\*")
#: The line above a page's footnotes, in the extraction of source 002.
NOTE_RULE = re.compile(r"^ {40,}$")
NOTE_START = re.compile(r"^(\d+) ")
#: The first line of a page after its footnotes starts with one space.
PAGE_START = re.compile(r"^ \S")
#: What starts a comment line in YAML (``#``) or opens a Jinja comment (``{##``).
COMMENT_MARK = re.compile(r"^\s*(?:\{##|#+)\s?")


@dataclass(frozen=True)
class Furniture:
    """A source line that is page furniture, not text of the document."""

    line: int
    text: str


@dataclass(frozen=True)
class Move:
    """A source line the extraction put out of reading order: it belongs
    right before line ``before``."""

    line: int
    text: str
    before: int


@dataclass(frozen=True)
class Slip:
    """A slip of the source, corrected in the content: the generated words,
    the source's words, how many times the difference occurs, and the file
    (under ``content/``) whose comment records it, with words of that comment."""

    generated: str
    source: str
    recorded_in: str
    comment: str
    times: int = 1


@dataclass(frozen=True)
class Difference:
    generated: str
    source: str
    paragraph: str
    source_line: int

    def key(self) -> tuple[str, str]:
        return self.generated, self.source

    def describe(self, source_name: str) -> str:
        shown = self.paragraph if len(self.paragraph) <= 90 else self.paragraph[:87] + "…"
        return (f"{source_name}:{self.source_line}: generated {self.generated!r}, "
                f"source {self.source!r}  (in: {shown})")


@dataclass
class Case:
    document: str  # under content/
    source: str  # under tests/fixtures/documents/
    furniture: list[Furniture]
    moves: list[Move] = field(default_factory=list)
    notes_at_foot: bool = False
    slips: list[Slip] = field(default_factory=list)


CIRCULAR = "circulares/circular-39-2011.md"
SMA_2012 = "frameworks/mei-sma-2012.yaml"
INSTITUTIONS = "institutions.yaml"
PROGRAMA_MARCO = "programa-marco/mei-2009.md"
MEI_2009 = "frameworks/mei-2009.yaml"

CASES = {
    "circular": Case(
        document=CIRCULAR,
        source="000_108cc5f88200d879.txt",
        furniture=[
            Furniture(7, "39"),  # the number stamped under Reg. N°
            Furniture(32, "110881211"),  # barcode at the foot of page 1
            Furniture(81, "Áreas Prioritarias\tSistema\tObjetivo General de Gestión"),  # page 3
        ],
        slips=[
            # the Cuadros, cited from the prose (the source never cites them)
            Slip("año 2012 (Cuadro 1), propuesto", "año 2012, propuesto", CIRCULAR,
                 "The source never cites its Cuadros from the prose"),
            Slip("de servicio (Cuadro 2). Cuadro", "de servicio. Cuadro", CIRCULAR,
                 "The source never cites its Cuadros from the prose"),
            # Cuadro 1
            Slip("de servicio de", "de servicios de", SMA_2012,
                 'The source writes "calidad de servicios de la SMA"'),
            *(Slip(f"{count} {following}", f"{count}. {following}", CIRCULAR,
                   "Cuadro 1 ends five of its eleven system cells with a period", times)
              for count, following, times in (("(3 objetivos)", "Disponer", 1),
                                              ("(4 etapas)", "Diseñar", 1),
                                              ("(4 etapas)", "Crear", 1),
                                              ("(4 etapas)", "Mejorar", 2))),
            Slip("la Calidad Sistema", "la Calidad. Sistema", SMA_2012,
                 'Cuadros 1 and 2 write "4) Gestión de la Calidad." with a trailing period',
                 times=2),
            # paragraphs 6) and 8): one name for each system
            Slip("Sistema de Seguridad", "Sistema Seguridad", SMA_2012,
                 'paragraph 6) writes "Sistema Seguridad de la Información"', times=2),
            Slip("Sistema Planificación", "Sistema de Planificación", CIRCULAR,
                 'Paragraph 6) calls the predecessor system "Sistema de Planificación y '
                 'Control de Gestión"'),
            Slip("Calidad (ISO 9001) como", "Calidad como", SMA_2012,
                 'Paragraph 6) calls it "Sistema de Gestión de la Calidad" (without '
                 '"(ISO 9001)")'),
            # the prose's grammar
            Slip("de otra índole.", "de otro índole.", CIRCULAR,
                 '"catástrofes informáticas o de otro índole" (paragraph 6)'),
            Slip("cargo de una", "cargo una", CIRCULAR, '"a cargo una Red de Expertos"'),
            Slip("Desempeño como el", "Desempeño y el", CIRCULAR,
                 '"tanto el Sistema … y el Sistema" (paragraph 8)'),
            # Cuadro 2
            Slip("Sistema Institución experta 1)", "Sistema Objetivo General de Gestión 1)",
                 CIRCULAR, 'The source heads the third column "Objetivo General de Gestión"'),
            Slip("y Contratación Pública. 2)", "y Contrataciones Públicas. 2)", SMA_2012,
                 'Cuadro 2 writes "Dirección de Compras y Contrataciones Públicas"'),
            Slip("Gobierno (SEGEGOB). Secretaría", "Gobierno (SEGEOB). Secretaría", SMA_2012,
                 'Cuadro 2 writes the acronym "SEGEOB"'),
            Slip("Subsecretaría del Interior.", "Subsecretaría de Interior.", SMA_2012,
                 'Cuadro 2 writes "Subsecretaría de Interior"'),
            Slip("Calidad Asociado al Modelo de", "Calidad basado en Modelos de", SMA_2012,
                 'Cuadro 2 names this system "Sistema de Calidad basado en Modelos de Excelencia"'),
            # the distribution list
            Slip("Director del Instituto", "Director Instituto", INSTITUTIONS,
                 '"Sr. Director Instituto Nacional de Propiedad Industrial" (no "del")'),
            Slip("y Previsión Social:", "y previsión Social:", INSTITUTIONS,
                 '"Ministra del Trabajo y previsión Social" (lowercase "previsión")'),
        ],
    ),
    "programa-marco": Case(
        document=PROGRAMA_MARCO,
        source="002_a80862966368aeef.txt",
        furniture=[
            Furniture(147, "5"),  # page numbers
            Furniture(181, "6"),
            Furniture(250, "N° Objetivos de Gestión"),  # heading row repeated on page 6
            Furniture(488, "http://www.chilecompra.cl/�"),  # the target of a link on page 9
            Furniture(617, "N° Metas Específicas Objetivos de Gestión"),  # repeated on page 13
        ],
        # the extraction put the heading of section II inside section I's first paragraph
        moves=[Move(8, "II.  OBJETIVOS Y REQUISITOS", before=19)],
        slips=[
            # Cuadro 1: names, and counts that are not those of the lists they count
            Slip("GESTIÓN ESTRATÉGICA 1", "GESTIÓN ESTRATEGICA 1", MEI_2009,
                 '("GESTIÓN ESTRATEGICA", without the accent)'),
            Slip("1 Planificación/Control de", "1 Planificación /Control de", MEI_2009,
                 'Cuadro 1 writes "Planificación /Control de Gestión."'),
            Slip("de Gestión 11", "de Gestión. 11", MEI_2009,
                 'Cuadro 1 writes "Planificación /Control de Gestión."'),
            Slip("Capacitación 10 4", "Capacitación 11 4", MEI_2009,
                 'Cuadro 1 gives "11" objectives; the source numbers them 1-7 then 9-11'),
            Slip("Compras 13 5", "Compras 11 5", MEI_2009,
                 'Cuadro 1 gives "11" objectives; the source numbers them 1-10, 11, 10, 11'),
            # Cuadro 2
            Slip("de Gobierno 3)", "de Gobierno. 3)", MEI_2009,
                 'Cuadro 2 ends it with a period'),
            Slip("y Contratación Pública 5)", "y Contrataciones Públicas 5)", MEI_2009,
                 'Cuadro 2 writes "Dirección de Compras y Contrataciones Públicas"'),
            # the system pages: area and system names
            Slip("OBJETIVOS. ÁREA Gestión", "OBJETIVOS. Área Gestión", PROGRAMA_MARCO,
                 'The system pages head their area "Área Gestión Estratégica" on the first'),
            Slip("General Planificación/Control de Gestión",
                 "General Planificación / Control De Gestión", MEI_2009,
                 'the system page "Planificación / Control De Gestión"'),
            Slip("Desarrollo de Personas", "Desarrollo De Las Personas", MEI_2009,
                 'The system page heads this area "ÁREA Gestión Desarrollo De Las Personas"'),
            Slip("Atención a Clientes", "Atención A Clientes", MEI_2009,
                 '"ÁREA Atención A Clientes"', times=2),
            Slip("N° Objetivos", "N° Metas Específicas Objetivos", PROGRAMA_MARCO,
                 'The source heads the objectives of Gobierno Electrónico "N° Metas Específicas'
                 ' Objetivos de Gestión"'),
            # objectives numbered 1..n
            *(Slip(f"{before} {ours} {word}", f"{before} {theirs} {word}", MEI_2009,
                   "source 002 numbers Capacitación's objectives 1-7 then 9-11 (no 8)")
              for before, ours, theirs, word in (("siguiente.", 8, 9, "Preparar"),
                                                 ("institucional.", 9, 10, "Certificar"),
                                                 ("institucional.", 10, 11, "Mantener"))),
            Slip("calidad institucional. 12 Certificar", "calidad institucional 10 Certificar",
                 MEI_2009, '(this is the first "11"); the source ends it without a period'),
            Slip("institucional. 13 Mantener", "institucional. 11 Mantener", MEI_2009,
                 'the source\'s second "11"'),
            # objectives' texts
            Slip("Auditoría, se", "Auditoría, de se", MEI_2009, '(a stray "de")'),
            Slip("de Abastecimiento. 11", "de Abastecimiento 11", MEI_2009,
                 "the source ends this objective without a period - id: com-10"),
            Slip("calidad institucional. 6", "calidad institucional 6", MEI_2009,
                 "the source ends this objective without a period - id: siac-05"),
            Slip("Gobierno Electrónico12. 6", "Gobierno Electrónico12 6", MEI_2009,
                 "the source ends this objective without a period (after the note)"),
            # footnotes
            Slip("productos estratégicos cuenta", "productos estratégico cuenta", MEI_2009,
                 '"distribuido por productos estratégico" (for "estratégicos")'),
            Slip("y/o resultado. 4", "y/o resultado 4", MEI_2009,
                 "and ends the note without a period"),
            Slip("a “aquellos comportamientos", 'a "aquellos comportamientos', MEI_2009,
                 "the source opens the quotation with a straight quote"),
            Slip("de la cual", "de cual", MEI_2009, '"a través de cual"'),
            Slip("Atención Ciudadana", "Atención de Ciudadana", MEI_2009,
                 '"Sistema Integral de Atención de Ciudadana"'),
            Slip("de Planificación/Control de", "de Planificación / Control de", MEI_2009,
                 'footnote 11; the source writes "sistema de Planificación / Control de'),
        ],
        notes_at_foot=True,
    ),
}


# ------------------------------------------------------------ normalising


@dataclass(frozen=True)
class Word:
    text: str
    where: int  # generated: paragraph index; source: line number


def generated_words(text: str) -> tuple[list[Word], list[str]]:
    """The words of the text writer's output, each with its paragraph, and the paragraphs."""
    paragraphs = text.splitlines()
    words = []
    for index, paragraph in enumerate(paragraphs):
        line = BULLET.sub("", CALL.sub(r"\1", paragraph))
        words += [Word(w, index) for w in line.split() if w != "|"]
    return words, paragraphs


def source_lines(case: Case) -> list[tuple[int, str]]:
    """The source's numbered lines, furniture removed, reading order repaired,
    footnotes at the end."""
    text = (SOURCES / case.source).read_text(encoding="utf-8")
    lines = list(enumerate(text.splitlines(), start=1))
    if case.notes_at_foot:
        lines = _notes_last(lines)
    by_number = dict(lines)
    for item in case.furniture:
        assert by_number[item.line].strip() == item.text, (item, by_number[item.line])
    for move in case.moves:
        assert by_number[move.line].strip() == move.text, (move, by_number[move.line])
    dropped = {item.line for item in case.furniture} | {move.line for move in case.moves}
    ordered = []
    for number, line in lines:
        ordered += [(m.line, m.text) for m in case.moves if m.before == number]
        if number not in dropped:
            ordered.append((number, line))
    return ordered


def _notes_last(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The body, then the footnotes found under each page's note rule."""
    body, notes = [], []
    in_notes = False
    for number, line in lines:
        if NOTE_RULE.match(line):
            in_notes = True
            continue
        if in_notes and PAGE_START.match(line):
            in_notes = False
        (notes if in_notes else body).append((number, line))
    numbers = [int(m.group(1)) for _, line in notes if (m := NOTE_START.match(line))]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    return body + notes


def source_words(case: Case) -> list[Word]:
    words = []
    for number, line in source_lines(case):
        line = EMPHASIS.sub(lambda m: m.group(1) or m.group(2), BULLET.sub("", line))
        words += [Word(w, number) for w in line.split()]
    return words


def differences(generated: str, case: Case) -> list[Difference]:
    """Every run of words that differs, in document order."""
    ours, paragraphs = generated_words(generated)
    theirs = source_words(case)
    matcher = difflib.SequenceMatcher(None, [w.text for w in ours], [w.text for w in theirs],
                                      autojunk=False)
    found = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        # one equal word either side, so that a difference says where it is
        before, after = min(1, i1, j1), min(1, len(ours) - i2, len(theirs) - j2)
        paragraph = ours[min(i1, len(ours) - 1)].where
        line = theirs[min(j1, len(theirs) - 1)].where
        found.append(Difference(_joined(ours[i1 - before:i2 + after]),
                                _joined(theirs[j1 - before:j2 + after]),
                                paragraphs[paragraph], line))
    return found


def _joined(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


# ------------------------------------------------------------ the test


def generate(case: Case) -> str:
    content = load_content(CONTENT)
    document = read_document(CONTENT / case.document, content)
    return render_text(prepare(document, frameworks_library(content)))


@pytest.mark.parametrize("name", sorted(CASES))
def test_generated_document_says_what_the_source_says(name: str) -> None:
    case = CASES[name]
    found = differences(generate(case), case)
    allowed = {(s.generated, s.source): s for s in case.slips}
    unexpected = [d for d in found if d.key() not in allowed]
    print(f"\n{name}: {len(found)} differences with {case.source}")
    for difference in found:
        slip = allowed.get(difference.key())
        mark = f"slip recorded in content/{slip.recorded_in}" if slip else "NOT ALLOWED"
        print(f"  {difference.describe(case.source)}\n      -> {mark}")
    counts = {key: sum(1 for d in found if d.key() == key) for key in allowed}
    wrong_counts = {key: (counts[key], slip.times) for key, slip in allowed.items()
                    if counts[key] != slip.times}
    assert not unexpected, "differences that are not recorded slips:\n" + "\n".join(
        d.describe(case.source) for d in unexpected)
    assert not wrong_counts, f"slips found (times, expected times): {wrong_counts}"


def flowing(text: str) -> str:
    """A file's text with comment marks at line starts removed and whitespace
    collapsed, so that a comment reads as one line."""
    return " ".join(" ".join(COMMENT_MARK.sub("", line) for line in text.splitlines()).split())


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_allowed_slip_is_recorded_in_the_content(name: str) -> None:
    for slip in CASES[name].slips:
        text = flowing((CONTENT / slip.recorded_in).read_text(encoding="utf-8"))
        assert flowing(slip.comment) in text, (
            f"content/{slip.recorded_in} has no comment {slip.comment!r} ({slip})")
