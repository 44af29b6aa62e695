"""Create ``reference.docx``, the Word shell of every DOCX that marco writes.

It writes ``reference.docx`` and ``decree.docx`` (the same without DIPRES's
letterhead: a decree is issued by the sector ministry). The writer takes
``<kind>.docx`` for a document of that kind when it exists, else
``reference.docx``. Run once, from the repository root::

    .venv/bin/python templates/docx/make_reference.py

The result is committed. From then on ``reference.docx`` is the source of truth:
a person may open it in Word or LibreOffice and change fonts, sizes, spacing,
margins, the letterhead (first-page header) and the footer. Running this script
again overwrites those edits.

What the DOCX writer (``generator/writers/docx.py``) takes from this file, as
pandoc does with ``--reference-doc``:

* every part except the body and the core properties: styles, settings,
  font table, theme, headers, footers, footnote separators; the body of this
  file is only a sample of the styles and is dropped, and the core properties
  (``docProps/core.xml``) are the document's own;
* the section properties (``w:sectPr``): margins, headers, footers, first page
  different; the writer changes only the paper size (``w:pgSz``) to Carta or
  Oficio;
* the paragraph styled "Marco Running Header" in a header receives the
  document's running header text (``meta.header``); the letterhead's lines in
  the first-page header are styled "Marco Header Letterhead", a style of its
  own: "Marco Letterhead" is the body paragraph that content styles
  ``{.letterhead}`` (a decree's ministry, on a shell without letterhead);
* the styles below, found by their style id. A style may be restyled freely
  but not renamed: the writer refuses a reference that lacks one of them.

Style ids used by the writer: ``Heading1``…``Heading4``, ``Caption``,
``FootnoteText``, ``FootnoteReference`` (Word built-ins) and the ``Marco…``
styles defined below; each style id is defined once. The package holds every
part Word expects of a document (settings, font table, theme) and passes the
Open XML validator (``tests/writers/test_docx_valid.py``). The file is written
deterministically (fixed zip dates).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
#: The shells written: the default one, with DIPRES's letterhead, and the one of
#: decrees, which the sector ministry issues: its letterhead is the decree's
#: first paragraph, so the first-page header is left empty.

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W}" xmlns:r="{R}"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"

# Page (twips; 567 twips = 1 cm): Carta with 3 cm left, 2.5 cm right and top,
# 2 cm bottom. The writer replaces only the paper size.
SECTION = (
    '<w:sectPr>'
    '<w:headerReference w:type="default" r:id="rIdHeaderRunning"/>'
    '<w:headerReference w:type="first" r:id="rIdHeaderLetterhead"/>'
    '<w:footerReference w:type="default" r:id="rIdFooterDefault"/>'
    '<w:footerReference w:type="first" r:id="rIdFooterFirst"/>'
    '<w:pgSz w:w="12240" w:h="15840"/>'
    '<w:pgMar w:top="1418" w:right="1418" w:bottom="1134" w:left="1701"'
    ' w:header="709" w:footer="567" w:gutter="0"/>'
    '<w:cols w:space="708"/>'
    '<w:titlePg/>'
    '<w:docGrid w:linePitch="360"/>'
    '</w:sectPr>'
)


def paragraph_style(style_id: str, name: str, ppr: str = "", rpr: str = "",
                    based_on: str = "Normal", custom: bool = True) -> str:
    custom_attr = ' w:customStyle="1"' if custom else ""
    return (
        f'<w:style w:type="paragraph"{custom_attr} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/><w:qFormat/>'
        f'<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>'
    )


def heading(level: int, size: int) -> str:
    return paragraph_style(
        f"Heading{level}", f"heading {level}",
        ppr=('<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>'
             f'<w:jc w:val="left"/><w:outlineLvl w:val="{level - 1}"/>'),
        rpr=f'<w:b/><w:bCs/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
        custom=False,
    )


def list_level(level: int) -> str:
    indent = 567 * level
    return paragraph_style(
        f"MarcoList{level}", f"Marco List {level}",
        ppr=(f'<w:tabs><w:tab w:val="left" w:pos="{indent}"/></w:tabs>'
             f'<w:spacing w:after="60"/><w:ind w:left="{indent}" w:hanging="567"/>'),
    )


TIGHT = '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'  # single, no gap after
CENTER = '<w:jc w:val="center"/>'
BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
    '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
)

STYLES = "".join([
    '<w:docDefaults>'
    '<w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial"'
    ' w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/>'
    '<w:lang w:val="es-CL" w:eastAsia="es-CL" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
    '</w:pPr></w:pPrDefault>'
    '</w:docDefaults>',
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:qFormat/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>',
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    '<w:unhideWhenUsed/></w:style>',
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
    '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    heading(1, 24), heading(2, 22), heading(3, 22), heading(4, 22),
    # paragraph styles named by content ("letterhead", "title", "subtitle", "center",
    # "right", "stamp")
    paragraph_style("MarcoLetterhead", "Marco Letterhead",
                    ppr='<w:spacing w:after="240"/><w:jc w:val="left"/>',
                    rpr='<w:b/><w:bCs/><w:caps/><w:sz w:val="18"/><w:szCs w:val="18"/>'),
    paragraph_style("MarcoTitle", "Marco Title",
                    ppr='<w:keepNext/><w:spacing w:before="120" w:after="240"/>' + CENTER,
                    rpr='<w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/>'),
    paragraph_style("MarcoSubtitle", "Marco Subtitle",
                    ppr='<w:keepNext/><w:spacing w:after="240"/>' + CENTER,
                    rpr='<w:b/><w:bCs/>'),
    paragraph_style("MarcoCenter", "Marco Center", ppr=CENTER),
    paragraph_style("MarcoRight", "Marco Right", ppr='<w:jc w:val="right"/>'),
    paragraph_style("MarcoStamp", "Marco Stamp",
                    ppr='<w:spacing w:after="240"/><w:ind w:left="4536"/><w:jc w:val="both"/>',
                    rpr='<w:b/><w:bCs/>'),
    # numbered paragraphs: "1)", "1.-", "Artículo 1°.-" in bold, then the text
    paragraph_style("MarcoNumbered", "Marco Numbered", ppr='<w:ind w:left="425" w:hanging="425"/>'),
    # lists: the number or bullet is text, then a tab to the hanging indent
    list_level(1), list_level(2), list_level(3),
    # header blocks: "ANT.:" tab value
    paragraph_style("MarcoField", "Marco Field",
                    ppr=('<w:tabs><w:tab w:val="left" w:pos="1418"/></w:tabs>'
                         '<w:spacing w:after="60"/><w:ind w:left="1418" w:hanging="1418"/>'
                         '<w:jc w:val="left"/>')),
    paragraph_style("MarcoSignature", "Marco Signature",
                    ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="1134" w:after="0"/>'
                        + CENTER),
    paragraph_style("Caption", "caption",
                    ppr='<w:keepNext/><w:spacing w:before="120" w:after="60"/>' + CENTER,
                    rpr='<w:b/><w:bCs/><w:sz w:val="20"/><w:szCs w:val="20"/>', custom=False),
    paragraph_style("MarcoSubcaption", "Marco Subcaption",
                    ppr='<w:keepNext/><w:spacing w:after="60"/>' + CENTER,
                    rpr='<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    paragraph_style("MarcoFigure", "Marco Figure",
                    ppr='<w:keepNext/><w:spacing w:before="120" w:after="60"/>' + CENTER),
    paragraph_style("MarcoTableText", "Marco Table Text",
                    ppr=TIGHT + '<w:jc w:val="left"/>',
                    rpr='<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    paragraph_style("MarcoTableHeading", "Marco Table Heading", based_on="MarcoTableText",
                    ppr='<w:keepNext/>' + CENTER, rpr='<w:b/><w:bCs/>'),
    paragraph_style("Header", "header", custom=False,
                    ppr=TIGHT + '<w:jc w:val="left"/>',
                    rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    # the first-page header's letterhead lines (not "Marco Letterhead", the body's)
    paragraph_style("MarcoHeaderLetterhead", "Marco Header Letterhead", based_on="Header",
                    rpr='<w:b/><w:bCs/>'),
    paragraph_style("MarcoRunningHeader", "Marco Running Header", based_on="Header",
                    ppr='<w:jc w:val="right"/>', rpr='<w:i/><w:iCs/>'),
    paragraph_style("Footer", "footer", custom=False,
                    ppr=TIGHT + CENTER, rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    paragraph_style("FootnoteText", "footnote text", custom=False,
                    ppr=TIGHT, rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    '</w:style>',
    # tables: "Marco Table" for data (header rows bold and shaded), "Marco Plain Table" borderless
    '<w:style w:type="table" w:customStyle="1" w:styleId="MarcoTable"><w:name w:val="Marco Table"/>'
    '<w:basedOn w:val="TableNormal"/><w:qFormat/><w:tblPr><w:tblBorders>'
    f'<w:top {BORDER}/><w:left {BORDER}/><w:bottom {BORDER}/><w:right {BORDER}/>'
    f'<w:insideH {BORDER}/><w:insideV {BORDER}/></w:tblBorders>{CELL_MARGINS}</w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr>'
    '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/></w:tcPr></w:tblStylePr></w:style>',
    '<w:style w:type="table" w:customStyle="1" w:styleId="MarcoPlainTable">'
    '<w:name w:val="Marco Plain Table"/><w:basedOn w:val="TableNormal"/><w:qFormat/>'
    f'<w:tblPr>{CELL_MARGINS}</w:tblPr></w:style>',
])


def paragraph(style: str, text: str) -> str:
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')


def sample_table() -> str:
    def cell(style: str, text: str) -> str:
        width = '<w:tcPr><w:tcW w:w="4560" w:type="dxa"/></w:tcPr>'
        return f"<w:tc>{width}{paragraph(style, text)}</w:tc>"

    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="MarcoTable"/><w:tblW w:w="9120" w:type="dxa"/>'
        '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="4560"/><w:gridCol w:w="4560"/></w:tblGrid>'
        '<w:tr><w:trPr><w:tblHeader/></w:trPr>'
        + cell("MarcoTableHeading", "Encabezado") + cell("MarcoTableHeading", "Marco Table")
        + "</w:tr><w:tr>" + cell("MarcoTableText", "Celda")
        + cell("MarcoTableText", "Marco Table Text") + "</w:tr></w:tbl>"
    )


# The body is a sample for whoever edits the styles in Word; the writer drops it.
BODY = "".join([
    paragraph("MarcoTitle", "Marco Title: título del documento"),
    paragraph("MarcoSubtitle", "Marco Subtitle: subtítulo"),
    paragraph("MarcoStamp", "Marco Stamp: APRUEBA OBJETIVOS DE GESTIÓN"),
    paragraph("MarcoField", "ANT.:\tMarco Field: clave y valor"),
    paragraph("Heading1", "1 Heading 1"),
    paragraph("Normal", "Normal: texto del cuerpo, justificado. Este documento de referencia "
                        "define los estilos, la página, el membrete y el pie de página."),
    paragraph("Heading2", "1.1 Heading 2"),
    paragraph("MarcoNumbered", "1) Marco Numbered: párrafo numerado con sangría francesa."),
    paragraph("MarcoList1", "•\tMarco List 1"),
    paragraph("MarcoList2", "1.\tMarco List 2"),
    paragraph("MarcoList3", "•\tMarco List 3"),
    paragraph("Heading3", "1.1.1 Heading 3"),
    paragraph("Heading4", "1.1.1.1 Heading 4"),
    paragraph("Caption", "Cuadro 1: Caption"),
    paragraph("MarcoSubcaption", "Marco Subcaption: subtítulo del cuadro"),
    sample_table(),
    paragraph("MarcoFigure", "Marco Figure: aquí va la imagen"),
    paragraph("MarcoCenter", "Marco Center"),
    paragraph("MarcoRight", "Marco Right"),
    paragraph("MarcoSignature", "Marco Signature: NOMBRE DEL FIRMANTE"),
])

DOCUMENT = f'<w:document {NS}><w:body>{BODY}{SECTION}</w:body></w:document>'

LETTERHEAD = (f'<w:hdr {NS}>{paragraph("MarcoHeaderLetterhead", "MINISTERIO DE HACIENDA")}'
              f'{paragraph("MarcoHeaderLetterhead", "DIRECCIÓN DE PRESUPUESTOS")}</w:hdr>')
NO_LETTERHEAD = f'<w:hdr {NS}><w:p/></w:hdr>'
SHELLS = {"reference.docx": LETTERHEAD, "decree.docx": NO_LETTERHEAD}
RUNNING_HEADER = (f'<w:hdr {NS}>{paragraph("MarcoRunningHeader", "[encabezado del documento]")}'
                  "</w:hdr>")


def field(instruction: str) -> str:
    return f'<w:fldSimple w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'


FOOTER = (
    f'<w:ftr {NS}><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    f'<w:r><w:t xml:space="preserve">Página </w:t></w:r>{field("PAGE")}'
    f'<w:r><w:t xml:space="preserve"> de </w:t></w:r>{field("NUMPAGES")}</w:p></w:ftr>'
)

SEPARATOR_PPR = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
FOOTNOTES = (
    f'<w:footnotes {NS}>'
    f'<w:footnote w:type="separator" w:id="-1"><w:p>{SEPARATOR_PPR}'
    '<w:r><w:separator/></w:r></w:p></w:footnote>'
    f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{SEPARATOR_PPR}'
    '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '</w:footnotes>'
)

# The children in the schema's order (CT_Settings).
SETTINGS = (
    f'<w:settings {NS}><w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    # a line ended by a manual break in a justified paragraph is not stretched
    '<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode"'
    ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    # the language of the theme's fonts; the theme's colours by their usual roles
    '<w:themeFontLang w:val="es-CL"/>'
    '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2"'
    ' w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4"'
    ' w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink"'
    ' w:followedHyperlink="followedHyperlink"/>'
    '<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>'
)

# The fonts the styles name: Arial only (the PDFs use Liberation Sans, its
# metric twin). Word lists each with its PANOSE class and code pages.
FONT_TABLE = (
    f'<w:fonts {NS}><w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/>'
    '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/>'
    '<w:sig w:usb0="E0002EFF" w:usb1="C000785B" w:usb2="00000009" w:usb3="00000000"'
    ' w:csb0="000001FF" w:csb1="00000000"/></w:font></w:fonts>'
)

# The theme Word expects beside the styles: Office's colours, Arial for the
# headings' and the body's theme fonts, plain fills and lines.
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
THEME_COLOURS = (("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "44546A"), ("lt2", "E7E6E6"),
                 ("accent1", "4472C4"), ("accent2", "ED7D31"), ("accent3", "A5A5A5"),
                 ("accent4", "FFC000"), ("accent5", "5B9BD5"), ("accent6", "70AD47"),
                 ("hlink", "0563C1"), ("folHlink", "954F72"))
THEME_FONT = '<a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/>'
PLAIN_FILL = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
THEME = (
    f'<a:theme xmlns:a="{A}" name="Marco"><a:themeElements>'
    '<a:clrScheme name="Marco">'
    + "".join(f'<a:{role}><a:srgbClr val="{rgb}"/></a:{role}>' for role, rgb in THEME_COLOURS)
    + '</a:clrScheme>'
    f'<a:fontScheme name="Marco"><a:majorFont>{THEME_FONT}</a:majorFont>'
    f'<a:minorFont>{THEME_FONT}</a:minorFont></a:fontScheme>'
    '<a:fmtScheme name="Marco">'
    f'<a:fillStyleLst>{PLAIN_FILL * 3}</a:fillStyleLst>'
    '<a:lnStyleLst>'
    + "".join(f'<a:ln w="{width}">{PLAIN_FILL}</a:ln>' for width in (6350, 12700, 19050))
    + '</a:lnStyleLst>'
    '<a:effectStyleLst>' + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3
    + '</a:effectStyleLst>'
    f'<a:bgFillStyleLst>{PLAIN_FILL * 3}</a:bgFillStyleLst>'
    '</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>'
)

CORE = (
    '<cp:coreProperties'
    ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dc:title>marco: documento de referencia</dc:title><dc:language>es-CL</dc:language>'
    '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>'
    '</cp:coreProperties>'
)

WORD_PARTS = {  # part name: (content type, relationship type, id)
    "styles.xml": (f"{CT}.styles+xml", "styles", "rIdStyles"),
    "settings.xml": (f"{CT}.settings+xml", "settings", "rIdSettings"),
    "fontTable.xml": (f"{CT}.fontTable+xml", "fontTable", "rIdFontTable"),
    "theme/theme1.xml": ("application/vnd.openxmlformats-officedocument.theme+xml", "theme",
                         "rIdTheme"),
    "footnotes.xml": (f"{CT}.footnotes+xml", "footnotes", "rIdFootnotes"),
    "header1.xml": (f"{CT}.header+xml", "header", "rIdHeaderLetterhead"),
    "header2.xml": (f"{CT}.header+xml", "header", "rIdHeaderRunning"),
    "footer1.xml": (f"{CT}.footer+xml", "footer", "rIdFooterDefault"),
    "footer2.xml": (f"{CT}.footer+xml", "footer", "rIdFooterFirst"),
}

CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    f'<Override PartName="/word/document.xml" ContentType="{CT}.document.main+xml"/>'
    + "".join(f'<Override PartName="/word/{name}" ContentType="{ctype}"/>'
              for name, (ctype, _, _) in WORD_PARTS.items())
    + '<Override PartName="/docProps/core.xml"'
    ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '</Types>'
)

PACKAGE_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rIdDocument" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rIdCore"'
    ' Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"'
    ' Target="docProps/core.xml"/>'
    '</Relationships>'
)

DOCUMENT_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + "".join(f'<Relationship Id="{rid}" Type="{REL}/{rtype}" Target="{name}"/>'
              for name, (_, rtype, rid) in WORD_PARTS.items())
    + '</Relationships>'
)


def main() -> None:
    for name, letterhead in SHELLS.items():
        write_shell(FOLDER / name, letterhead)
        print(f"wrote {FOLDER / name}")


def write_shell(target: Path, letterhead: str) -> None:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": CORE,
        "word/document.xml": DOCUMENT,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": f"<w:styles {NS}>{STYLES}</w:styles>",
        "word/settings.xml": SETTINGS,
        "word/fontTable.xml": FONT_TABLE,
        "word/theme/theme1.xml": THEME,
        "word/footnotes.xml": FOOTNOTES,
        "word/header1.xml": letterhead,
        "word/header2.xml": RUNNING_HEADER,
        "word/footer1.xml": FOOTER,
        "word/footer2.xml": FOOTER,
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (DECL + xml).encode("utf-8"))


if __name__ == "__main__":
    main()
