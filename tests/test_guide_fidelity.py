"""Fidelity: the Gestión Territorial guide says what its source says, section
by section.

The source (``tests/fixtures/guide/``, a copy of the shared source 003) is cut
at its headings (:data:`HEADINGS`, by line); the generated guide at its
sections and annexes, in document order. Each pair must have the same number
and title, and the same words in its body, after both are normalised:

- whitespace: any run of it is one space; a table cell is words of its row;
- list bullets go (the source's ``·``, the text writer's ``-``), and so do the
  generated footnote calls (the source lost its marks, leaving a stray period
  on a line of its own, which is glued back to the word before it);
- an annex is headed ``Anexo 1.`` in the source.

Left out: the body of section 6.1, which in the source is the flow diagram's
three pages (flattened text and OCR noise: the process table and the diagram
are tested in ``test_guide.py``), and what follows the last annex (the
remains of the image "Figura 1" and of the diagram). The footnotes are
compared with the source's, in order.

Every difference left is reported with its section and source line. The
only ones allowed are the source's slips in :data:`SLIPS`, each tied to the
``slip:<tag>`` comment in the content that records its correction; an allowed
slip that no longer occurs fails the test too, so the list stays true.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.assemble import read_document
from generator.passes.prepare import prepare
from generator.load.content import load_content
from generator.model.document import Annex, Block, Document, Section
from generator.writers.text import blocks_lines, inline_text

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
GUIDE = CONTENT / "guias" / "gestion-territorial" / "guia.md"
SOURCE = Path(__file__).parent / "fixtures" / "guide" / "003_3875e5a32b803d13.txt"


@dataclass(frozen=True)
class Heading:
    line: int
    text: str


#: The source's headings, in order, by line; a section's body runs to the next one.
HEADINGS = [
    Heading(1, "Introducción"),
    Heading(2, "1.- Antecedentes Generales del Programa de Mejoramiento de Gestión."),
    Heading(10, "2.- Sistema Gestión Territorial"),
    Heading(40, "3.- Programa Marco de la Calidad"),
    Heading(49, "1 Objetivo"),
    Heading(52, "2 Alcance"),
    Heading(54, "3 Responsabilidades"),
    Heading(55, "3.1"),
    Heading(60, "3.2"),
    Heading(66, "3.3"),
    Heading(74, "3.4"),
    Heading(85, "4 Terminología"),
    Heading(119, "5 Referencias"),
    Heading(142, "6 Descripción de proceso"),
    Heading(144, "6.1 Diagrama de Flujo del Proceso"),
    Heading(811, "6.2 Descripción de Etapas del Proceso"),
    Heading(815, "6.2.1 Elaboración/ Actualización del Diagnóstico"),
    Heading(841, "6.2.2 Planificación y Programa de Trabajo"),
    Heading(891, "6.2.3 Implementación y Seguimiento"),
    Heading(902, "6.2.4 Evaluación de Resultados"),
    Heading(950, "6.2.5 Estandarización del Proceso"),
    Heading(956, "7 Seguimiento del Proceso"),
    Heading(961, "8 Resultados Esperados"),
    Heading(991, "9 Registros"),
    Heading(999, "10 Anexos"),
    Heading(1002, "Anexo 1. Referencias normativas."),
]
#: Where the last annex ends: the remains of "Figura 1" and of the diagram follow.
END = Heading(1019, "Seguimiento del  Proceso (Indicadores)")
#: Sections whose bodies are not compared, and why.
SKIPPED = {"6.1": "the flow diagram's pages: flattened text and OCR noise"}
#: The source's footnotes, by line, in the order of their numbers.
FOOTNOTE_LINES = [1046, 1049, 1052, 1055, 1058]

SOURCE_NUMBER = re.compile(r"^(?P<number>\d+(?:\.\d+)*(?:\.-)?)(?:\s+(?P<title>.*))?$")
ANNEX_HEADING = re.compile(r"^(?P<number>Anexo \d+)\.\s+(?P<title>.*)$")
BULLET = re.compile(r"^\s*[·\-]\s+")
CALL = re.compile(r"\[\d+\]")
PUNCTUATION = re.compile(r"^[.,;:]+$")
NOTE_MARK = "\ufffd"


@dataclass(frozen=True)
class Slip:
    """A slip of the source, corrected in the content: in ``section``, the
    generated words and the source's words (one equal word either side), how
    many times, and the mark (``slip:<tag>``, or ``omission:<tag>`` for what is
    left out) of the comment in the content that records it."""

    section: str
    generated: str
    source: str
    tag: str
    times: int = 1


SLIPS = [
    # the introduction: the mechanism's and the systems' names from the framework
    Slip("Introducción 1", "de la Gestión", "de Gestión", "slip:pmg"),
    Slip("Introducción 1", "Higiene - Seguridad", "Higiene y Seguridad", "slip:sistemas"),
    Slip("Introducción 1", "Ambientes de Trabajo, Evaluación", "Ambientes Laborales, Evaluación",
         "slip:sistemas"),
    Slip("Introducción 1", "Evaluación de Desempeño,", "Evaluación del Desempeño,",
         "slip:sistemas"),
    Slip("Introducción 1", "Desempeño, Sistema Integral de Atención", "Desempeño, Atención",
         "slip:sistemas"),
    Slip("Introducción 1", "Atención a Cliente(a)s, usuario(a)s y",
         "Atención e Información Ciudadana, Compras y", "slip:sistemas"),
    Slip("Introducción 1", "y beneficiario(a)s, Planificación",
         "y Contrataciones Públicas, Auditoria Interna y Planificación", "slip:sistemas"),
    Slip("Introducción 1", "Planificación / Control", "Planificación y Control", "slip:sistemas"),
    Slip("Introducción 1", "Gestión, Auditoría Interna y Sistema de Compras y Contrataciones "
         "del Sector Público, incorporados", "Gestión, incorporados", "slip:sistemas"),
    Slip("Introducción 1", "Electrónico, Gestión Territorial, Administración",
         "Electrónico, Administración", "slip:sistemas"),
    Slip("Introducción 1", "Administración Financiero - Contable y Enfoque",
         "Administración Financiera Contable, Enfoque", "slip:sistemas"),
    Slip("Introducción 1", "de Género. La", "de Género y Gestión Territorial.. La",
         "slip:sistemas"),
    Slip("Introducción 1", "sistemas Administración Financiero", "sistemas Financiero",
         "slip:sistemas"),
    Slip("Introducción 1", "Financiero - Contable", "Financiero Contable", "slip:sistemas"),
    Slip("Introducción 1", "sistemas Enfoque de Género", "sistemas Género", "slip:sistemas"),
    # quotations opened and never closed, paragraphs without their period
    Slip("Introducción 2", "territorio subnacional”, así", "territorio subnacional, así",
         "slip:comillas"),
    Slip("Introducción 2", "el territorio” (Documento", "el territorio (Documento",
         "slip:comillas"),
    Slip("Introducción 2", "Básico 2010). iii)", "Básico 2010) iii)", "slip:comillas"),
    Slip("Introducción 2", "de sus productos,", "de su productos,", "slip:errata"),
    Slip("Introducción 2", "inequidades territoriales” (Documento",
         "inequidades territoriales. (Documento", "slip:comillas"),
    Slip("Introducción 2", "Básico 2010).", "Básico 2010)", "slip:comillas"),
    # SUBDERE as the glossary defines it; the count of sections
    Slip("Introducción 3", "la Subsecretaría de", "la Subsecretaria de", "slip:subdere"),
    Slip("Introducción 3", "Regional y Administrativo (SUBDERE)", "Regional (SUBDERE)",
         "slip:subdere"),
    Slip("Introducción 3", "en 10 secciones,", "en 9 secciones,", "slip:secciones"),
    # the glossary
    Slip("4", "voluntad explícita de", "voluntad explicita de", "slip:errata"),
    Slip("4", "PROPIR: Programa Público de", "PROPIR: Programas Públicos de", "slip:propir"),
    Slip("4", "Inversión en la Región.", "Inversión de cada Región.", "slip:propir"),
    Slip("4", "ARI: Anteproyecto Regional", "ARI: Anteprograma Regional", "slip:ari"),
    # the references: one expansion of each acronym, the annex that exists
    Slip("5", "GORE). Anteproyecto Regional de", "GORE). Anteproyectos regionales de",
         "slip:ari"),
    Slip("5", "de Inversiones (ARI).", "de inversión (ARI).", "slip:ari"),
    Slip("5", "Programa Público de", "Programa público de", "slip:propir"),
    Slip("5", "de Inversión en la Región (PROPIR).", "de inversión regional (PROPIR).",
         "slip:propir"),
    Slip("5", "Anexo 1. Referencias", "Anexo 2. Referencias", "slip:anexo"),
    # the stages
    Slip("6.2.4", "funcionarios los", "funcionarios de los", "slip:errata"),
    Slip("6.2.4", "o mejorar el", "o mejorara el", "slip:errata"),
    # the records: every record the process names (the source lists four)
    Slip("9", "de Diagnóstico V°B° SUBDERE Plan", "de diagnóstico Plan", "slip:registros"),
    Slip("9", "Trabajo Registros de actividades realizadas Informe de Análisis de "
         "Implementación de Programa Informe Ejecutivo Programa de Seguimiento Registro",
         "Trabajo Registro", "slip:registros"),
    Slip("9", "Dirección Registro de Difusión Registro de incorporación de Gestión Territorial "
         "en los procesos de provisión de bienes y servicios que corresponda", "Dirección",
         "slip:registros"),
    # the annex
    Slip("Anexo 1", "Ley 20.212, publicada", "Ley 20,212, publicada", "slip:errata"),
    Slip("Anexo 1", "objeto de incentivar", "objeto den incentivar", "slip:errata"),
    Slip("Anexo 1", "Ley N° 20.035,", "Ley Nº 20.035,", "slip:errata"),
    Slip("Anexo 1", "elaboración del Anteproyecto Regional de", "elaboración de", "slip:ari"),
    Slip("Anexo 1", "de Inversiones (ARI)", "de Anteproyectos Regionales de Inversión (ARI)",
         "slip:ari"),
    # the footnotes
    Slip("nota 1", "en el Programa Público de", "en los Programas Públicos de", "slip:propir"),
    Slip("nota 1", "Inversión en la Región", "Inversión de cada Región", "slip:propir"),
]


@dataclass(frozen=True)
class Part:
    """A section of either text: its number, title and body lines (with the
    source line each starts at, or 0)."""

    number: str
    title: str
    lines: list[tuple[int, str]]


def section_key(heading: Heading) -> str:
    """How differences and slips name a section: its number in the source
    (``6.2.1``, ``Anexo 1``), ``Introducción 1`` for the introduction's ``1.-``."""
    number, _ = _source_heading(heading.text)
    if number.endswith(".-"):
        return f"Introducción {number.removesuffix('.-')}"
    return number or heading.text


# ------------------------------------------------------------------ the source


def source_parts() -> tuple[list[Part], list[str]]:
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    text = {n: line for n, line in enumerate(lines, start=1)}
    for heading in [*HEADINGS, END]:
        assert text[heading.line].strip() == heading.text, (heading, text[heading.line])
    parts = []
    for heading, following in zip(HEADINGS, [*HEADINGS[1:], END]):
        number, title = _source_heading(heading.text)
        body = [(n, text[n]) for n in range(heading.line + 1, following.line)]
        parts.append(Part(number, title, body))
    notes = [text[n].strip() for n in FOOTNOTE_LINES]
    assert all(note.startswith(NOTE_MARK) for note in notes), notes
    return parts, [note.removeprefix(NOTE_MARK).strip() for note in notes]


def _source_heading(text: str) -> tuple[str, str]:
    if text == "Introducción":
        return "", text
    match = ANNEX_HEADING.match(text) or SOURCE_NUMBER.match(text)
    assert match, text
    return match["number"], (match["title"] or "").rstrip(".")


# ------------------------------------------------------------------ the guide


def generated_parts(document: Document) -> tuple[list[Part], list[str]]:
    parts: list[Part] = []
    _collect(document.blocks, parts)
    notes = [inline_text(note.inlines) for note in document.footnotes_in_order()]
    return parts, notes


def _collect(blocks: list[Block], parts: list[Part]) -> None:
    for block in blocks:
        if isinstance(block, (Section, Annex)):
            body = [b for b in block.children if not isinstance(b, (Section, Annex))]
            parts.append(Part(block.display or "", inline_text(block.title).rstrip("."),
                              [(0, line) for line in blocks_lines(body)]))
            _collect(block.children, parts)


def generate() -> Document:
    return prepare(read_document(GUIDE, load_content(CONTENT)))


# ------------------------------------------------------------ comparing


@dataclass(frozen=True)
class Difference:
    section: str
    generated: str
    source: str
    line: int

    def key(self) -> tuple[str, str, str]:
        return self.section, self.generated, self.source

    def __str__(self) -> str:
        return (f"{SOURCE.name}:{self.line}: section {self.section}: "
                f"generated {self.generated!r}, source {self.source!r}")


def words(lines: list[tuple[int, str]]) -> list[tuple[str, int]]:
    """The words of ``lines`` with their line; bullets and footnote calls
    removed, a lone punctuation mark glued to the word before it."""
    out: list[tuple[str, int]] = []
    for number, line in lines:
        for word in BULLET.sub("", CALL.sub("", line)).split():
            if PUNCTUATION.match(word) and out:
                out[-1] = (out[-1][0] + word, out[-1][1])
            else:
                out.append((word, number))
    return out


def compare(section: str, ours: list[tuple[int, str]], theirs: list[tuple[int, str]],
            first_line: int) -> list[Difference]:
    a, b = words(ours), words(theirs)
    matcher = difflib.SequenceMatcher(None, [w for w, _ in a], [w for w, _ in b], autojunk=False)
    found = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = min(1, i1, j1), min(1, len(a) - i2, len(b) - j2)
        line = b[min(j1, len(b) - 1)][1] if b else first_line
        found.append(Difference(section, " ".join(w for w, _ in a[i1 - before:i2 + after]),
                                " ".join(w for w, _ in b[j1 - before:j2 + after]), line))
    return found


def all_differences(document: Document) -> list[Difference]:
    theirs, their_notes = source_parts()
    ours, our_notes = generated_parts(document)
    found: list[Difference] = []
    assert len(ours) == len(theirs), (
        f"{len(ours)} sections and annexes generated, {len(theirs)} in the source:\n"
        + "\n".join(f"{o.number} {o.title}" for o in ours))
    for heading, mine, source in zip(HEADINGS, ours, theirs):
        key = section_key(heading)
        if mine.number != source.number:
            found.append(Difference(key, mine.number, source.number, heading.line))
        found += compare(key, [(0, mine.title)], [(heading.line, source.title)], heading.line)
        if key not in SKIPPED:
            found += compare(key, mine.lines, source.lines, heading.line)
    for number, (mine_note, source_note, line) in enumerate(
            zip(our_notes, their_notes, FOOTNOTE_LINES), start=1):
        found += compare(f"nota {number}", [(0, mine_note)], [(line, source_note)], line)
    assert len(our_notes) == len(their_notes), (our_notes, their_notes)
    return found


# ------------------------------------------------------------ the tests


def test_the_guide_says_what_the_source_says_section_by_section() -> None:
    found = all_differences(generate())
    allowed = {(s.section, s.generated, s.source): s for s in SLIPS}
    print(f"\n{len(found)} differences with {SOURCE.name}")
    for difference in found:
        slip = allowed.get(difference.key())
        print(f"  {difference}\n      -> {slip.tag if slip else 'NOT ALLOWED'}")
    unexpected = [d for d in found if d.key() not in allowed]
    assert not unexpected, "differences that are not recorded slips:\n" + "\n".join(
        str(d) for d in unexpected)
    counts = {key: sum(1 for d in found if d.key() == key) for key in allowed}
    wrong = {key: (counts[key], s.times) for key, s in allowed.items() if counts[key] != s.times}
    assert not wrong, f"slips found (times, expected times): {wrong}"


def test_every_allowed_slip_is_recorded_in_the_content() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    comments = " ".join(re.findall(r"\{##(.*?)##\}", text, re.S))
    missing = sorted({s.tag for s in SLIPS if f"{s.tag}:" not in comments})
    assert not missing, f"no comment in {GUIDE.name} records {missing}"
    recorded = set(re.findall(r"\b((?:slip|omission):[a-z-]+):", comments))
    assert recorded == {s.tag for s in SLIPS}, (
        f"comments for slips the test does not allow: {recorded - {s.tag for s in SLIPS}}")
