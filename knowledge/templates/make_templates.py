"""Writes the nomination document templates (.docx) kept in this folder.

The .docx files are the templates: staff may open and edit them in Word, and the bot fills them with docxtpl
(Jinja tags such as {{ recipient }}, {%p for line in body %}, {%tr for row in rows %}). This script only
recreates them from scratch, laid out as Nghị định 30/2020/NĐ-CP asks of administrative documents: A4,
margins 20 mm top and bottom, 30 mm left, 15 mm right, Times New Roman 13-14, the issuer in two levels beside
the Quốc hiệu and Tiêu ngữ (each on one line, the Tiêu ngữ underlined), a rule under the issuer, the trích yếu under
the document's name, Nơi nhận beside the signature in one row that never splits, tables of fixed column widths.

Run from the repository: .venv/bin/python knowledge/templates/make_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATION_SIZE = 12  # Nghị định 30/2020/NĐ-CP: 12-13; at 13 the Quốc hiệu cannot stay on one line beside the issuer
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
TEXT_WIDTH = 16.5  # cm: A4 less the 30 mm and 15 mm margins
ISSUER_WIDTH = 6.5  # cm: the issuer's column; the rest holds the Quốc hiệu on one line
TWIPS_PER_CM = 567


def new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    # Word reads East Asian and complex-script fonts separately; Vietnamese must not fall back to another face.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.space_before = Pt(0)
    for name in ("Table Grid",):
        document.styles[name].font.name = FONT
    return document


def para(container, text: str = "", *, bold: bool = False, italic: bool = False, align=None, size: int = 13,
         indent: bool = False):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    return paragraph


def rule_line(container, indent_cm: float) -> None:
    """The short line under the issuer's name: an empty paragraph one point high with a top border between
    side indents, so the name above keeps the full width of its column."""
    paragraph = container.add_paragraph()
    paragraph_format = paragraph.paragraph_format
    paragraph_format.left_indent = paragraph_format.right_indent = Cm(indent_cm)
    paragraph_format.line_spacing_rule, paragraph_format.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(1)
    paragraph_format.space_before = paragraph_format.space_after = Pt(0)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def underlined(paragraph):
    """The Tiêu ngữ's line: an underline of its own words, as long as the text and never wrapping it."""
    for run in paragraph.runs:
        run.underline = True
    return paragraph


def keep_together(paragraph):
    """Keep this paragraph on the page of the next one (a title with its trích yếu, a closing with the
    signature)."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def first_cell_paragraph(cell, text: str, **style):
    """Fill the cell's own first paragraph (a table cell always starts with one)."""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold, run.italic = style.get("bold", False), style.get("italic", False)
    run.font.size, run.font.name = Pt(style.get("size", 13)), FONT
    paragraph.alignment = style.get("align", CENTER)
    return paragraph


def fixed_table(document: Document, widths: list[float], rows: int = 1):
    """A table of fixed column widths (cm) whose grid says the same as its cells: Word and LibreOffice lay
    out the grid, so equal grid columns under unequal cells render as equal columns."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout w:type="fixed"
    properties = table._tbl.tblPr
    table_width = OxmlElement("w:tblW")
    table_width.set(qn("w:w"), str(round(sum(widths) * TWIPS_PER_CM)))
    table_width.set(qn("w:type"), "dxa")
    for old in properties.findall(qn("w:tblW")):
        properties.remove(old)
    properties.append(table_width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    for row in table.rows:  # a row is never split across two pages
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table


def two_columns(document: Document, left_width: float):
    return fixed_table(document, [left_width, TEXT_WIDTH - left_width]).rows[0].cells


def issuer_header(document: Document, with_number: bool = True) -> None:
    """Cơ quan chủ quản over cơ quan ban hành (left), Quốc hiệu and Tiêu ngữ (right); số and địa danh, ngày."""
    left, right = two_columns(document, ISSUER_WIDTH)
    first_cell_paragraph(left, "{{ issuer_parent }}")
    para(left, "{{ issuer_unit }}", bold=True, align=CENTER)
    rule_line(left, 2.0)
    if with_number:
        para(left, "{{ number }}", align=CENTER)
    first_cell_paragraph(right, NATION, bold=True, size=NATION_SIZE)
    underlined(para(right, MOTTO, bold=True, align=CENTER, size=14))
    para(right, "{{ place_date }}", italic=True, align=CENTER)


def nation_header(document: Document) -> None:
    """Quốc hiệu and Tiêu ngữ alone, centred (reports written by a person or a household)."""
    para(document, NATION, bold=True, align=CENTER, size=NATION_SIZE)
    underlined(para(document, MOTTO, bold=True, align=CENTER, size=14))
    para(document, "{{ place_date }}", italic=True, align=RIGHT)


def title(document: Document, name: str, subject: str = "{{ subject }}") -> None:
    """The document's name and its trích yếu under it, each on one line and kept with what follows."""
    para(document)
    keep_together(para(document, name, bold=True, align=CENTER, size=14))
    keep_together(para(document, subject, bold=True, align=CENTER, size=14))


def loop(document: Document, items: str, text: str = "{{ line }}", **style) -> None:
    """One paragraph per item of a list in the context."""
    para(document, f"{{%p for line in {items} %}}")
    para(document, text, align=JUSTIFY, indent=True, **style)
    para(document, "{%p endfor %}")


def heading(document: Document, text: str) -> None:
    keep_together(para(document, text, bold=True, align=JUSTIFY))


def fill_cell(cell, lines: list[tuple[str, dict]]) -> None:
    for index, (text, style) in enumerate(lines):
        style = {"align": CENTER, **style}
        if index == 0:
            first_cell_paragraph(cell, text, **style)
        else:
            para(cell, text, **style)


def signatures(document: Document, left: list[tuple[str, dict]], right: list[tuple[str, dict]]) -> None:
    """Two blocks side by side in one row that never splits: Nơi nhận or a confirmation (left), the signer's
    title and name (right); the paragraph before them is kept on their page."""
    keep_together(para(document))
    left_cell, right_cell = two_columns(document, 7.5)
    fill_cell(left_cell, left)
    fill_cell(right_cell, right)


def sign_block(title: str, hint: str, name: str = "{{ signer_name }}") -> list[tuple[str, dict]]:
    return [(title, {"bold": True}), (hint, {"italic": True}), ("", {}), ("", {}), ("", {}), (name, {"bold": True})]


def data_table(document: Document, columns: list[tuple[str, str, float]], items: str) -> None:
    """A bordered table sized to its content: (header, cell, width in cm) per column; a header row repeated
    on every page and one row per item of `items` (docxtpl row loop)."""
    table = fixed_table(document, [width for _, _, width in columns], rows=4)
    table.style = "Table Grid"
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, (text, _, _) in zip(header.cells, columns, strict=True):
        first_cell_paragraph(cell, text, bold=True)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for row in {items} %}}")
    for cell, (_, text, _) in zip(table.rows[2].cells, columns, strict=True):
        first_cell_paragraph(cell, text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")


def record_table(document: Document, items: str, what: str) -> None:
    data_table(document, [("Năm", "{{ row.year }}", 1.8), (what, "{{ row.name }}", 6.2),
                          (f"Số, ngày, tháng, năm của quyết định {'công nhận' if 'Danh' in what else 'khen thưởng'}"
                           "; cơ quan ban hành quyết định", "{{ row.decision }}", 8.5)], items)


def submission() -> Document:
    document = new_document()
    issuer_header(document)
    title(document, "TỜ TRÌNH")
    para(document, "Kính gửi: {{ recipient }}", align=CENTER, size=14)
    loop(document, "basis")
    loop(document, "body")
    keep_together(para(document, "{{ closing }}", align=JUSTIFY, indent=True))
    left = WD_ALIGN_PARAGRAPH.LEFT
    signatures(document, [("Nơi nhận:", {"bold": True, "italic": True, "align": left, "size": 12}),
                          ("- Như trên;", {"align": left, "size": 11}),
                          ("{{ archive }}", {"align": left, "size": 11})],
               sign_block("{{ signer_title }}", "{{ signer_hint }}"))
    return document


def report(kind: str) -> Document:
    """Báo cáo thành tích: of a person (ca-nhan), a collective (tap-the) or a household (ho-gia-dinh)."""
    document = new_document()
    if kind == "tap-the":
        issuer_header(document, with_number=False)
    else:
        nation_header(document)
    title(document, "BÁO CÁO THÀNH TÍCH")
    para(document, "{{ nominee_line }}", bold=True, align=CENTER)
    if kind == "ca-nhan":
        heading(document, "I. SƠ LƯỢC LÝ LỊCH")
        loop(document, "profile", "- {{ line }}")
        heading(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
        heading(document, "1. Quyền hạn, nhiệm vụ được giao (đặc điểm nhiệm vụ)")
        loop(document, "duties")
        heading(document, "2. Thành tích đạt được")
    elif kind == "tap-the":
        heading(document, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH")
        heading(document, "1. Đặc điểm, tình hình")
        loop(document, "profile", "- {{ line }}")
        heading(document, "2. Chức năng, nhiệm vụ được giao (đặc điểm nhiệm vụ)")
        loop(document, "duties")
        heading(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
    else:
        heading(document, "I. SƠ LƯỢC VỀ HỘ GIA ĐÌNH")
        loop(document, "profile", "- {{ line }}")
        heading(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
        heading(document, "1. Đặc điểm, hoàn cảnh của hộ gia đình")
        loop(document, "duties")
        heading(document, "2. Thành tích đạt được")
    loop(document, "achievements")
    loop(document, "results")
    heading(document, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    heading(document, "1. Danh hiệu thi đua")
    record_table(document, "titles", "Danh hiệu thi đua")
    heading(document, "2. Hình thức khen thưởng")
    record_table(document, "honours", "Hình thức khen thưởng")
    if kind == "ca-nhan":
        signatures(document, sign_block("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", "(Ký, đóng dấu)", ""),
                   sign_block("NGƯỜI BÁO CÁO THÀNH TÍCH", "(Ký, ghi rõ họ và tên)", "{{ nominee_name }}"))
    elif kind == "tap-the":
        signatures(document, sign_block("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", "(Ký, đóng dấu)", ""),
                   sign_block("{{ head_title }}", "(Ký, ghi rõ họ tên, đóng dấu)", ""))
    else:
        signatures(document, sign_block("{{ confirmer }}", "(Ký, ghi rõ họ tên, đóng dấu)", ""),
                   sign_block("CHỦ HỘ", "(Ký, ghi rõ họ và tên)", "{{ nominee_name }}"))
    return document


def listing(collective: bool) -> Document:
    """Danh sách: persons (with gender and birth year) or collectives (with their size, no gender)."""
    document = new_document()
    issuer_header(document, with_number=False)
    title(document, "DANH SÁCH")
    para(document, "{{ attachment }}", italic=True, align=CENTER)
    if collective:
        columns = [("STT", "{{ row.index }}", 1.3), ("Tên tập thể", "{{ row.name }}", 5.2),
                   ("Số thành viên", "{{ row.year }}", 2.3), ("Đơn vị cấp trên trực tiếp", "{{ row.position }}", 5.5),
                   ("Ghi chú", "{{ row.note }}", 2.2)]
    else:
        columns = [("STT", "{{ row.index }}", 1.3), ("Họ và tên", "{{ row.name }}", 4.2),
                   ("Giới tính", "{{ row.gender }}", 1.5), ("Năm sinh", "{{ row.year }}", 1.6),
                   ("Chức vụ, đơn vị công tác", "{{ row.position }}", 6.1), ("Ghi chú", "{{ row.note }}", 1.8)]
    data_table(document, columns, "rows")
    keep_together(para(document, "{{ total }}", italic=True))
    signatures(document, [("", {})], sign_block("{{ signer_title }}", "{{ signer_hint }}"))
    return document


def minutes() -> Document:
    document = new_document()
    issuer_header(document)
    title(document, "BIÊN BẢN", "{{ meeting }}")
    para(document, "{{ subject }}", bold=True, align=CENTER)
    for text in ("Thời gian: …… giờ …… phút, ngày …… tháng …… năm …….", "Địa điểm: …………………………………….",
                 "Thành phần:", "- Chủ trì: ……………………, {{ chair }};", "- Thư ký: ……………………;",
                 "- {{ members }} có mặt: ……/……; vắng mặt: …… (lý do: ……………)."):
        para(document, text, align=JUSTIFY)
    heading(document, "NỘI DUNG")
    loop(document, "body")
    data_table(document, [("STT", "{{ row.index }}", 1.3), ("{{ name_label }}", "{{ row.name }}", 4.5),
                          ("Chức vụ, đơn vị", "{{ row.position }}", 5.4), ("Số phiếu đồng ý", "……/……", 2.9),
                          ("Tỷ lệ (%)", "……", 2.4)], "rows")
    para(document, "{{ conclusion }}", align=JUSTIFY, indent=True)
    keep_together(para(document, "Cuộc họp kết thúc vào lúc …… giờ …… phút cùng ngày; biên bản đã được thông qua "
                       "và những người dự họp nhất trí./.", align=JUSTIFY, indent=True))
    signatures(document, sign_block("THƯ KÝ", "(Ký, ghi rõ họ tên)", "……………………"),
               sign_block("{{ chair_title }}", "(Ký, ghi rõ họ tên)", "……………………"))
    return document


def review_sheet() -> Document:
    """A checklist export for nominees that are not proposed: what was checked and why, marked as such."""
    document = new_document()
    issuer_header(document, with_number=False)
    title(document, "PHIẾU RÀ SOÁT HỒ SƠ")
    para(document, "{{ mark }}", bold=True, align=CENTER, size=14)
    loop(document, "lines")
    heading(document, "Thành phần hồ sơ theo quy định")
    loop(document, "checklist", "☐ {{ line }}")
    para(document, "Phiếu này để lưu và rà soát, không dùng làm hồ sơ đề nghị khen thưởng.", italic=True)
    return document


TEMPLATES = {
    "to-trinh.docx": submission,
    "bao-cao-ca-nhan.docx": lambda: report("ca-nhan"),
    "bao-cao-tap-the.docx": lambda: report("tap-the"),
    "bao-cao-ho-gia-dinh.docx": lambda: report("ho-gia-dinh"),
    "danh-sach.docx": lambda: listing(collective=False),
    "danh-sach-tap-the.docx": lambda: listing(collective=True),
    "bien-ban.docx": minutes,
    "phieu-ra-soat.docx": review_sheet,
}


def main(folder: Path = HERE) -> list[Path]:
    written = []
    for name, build in TEMPLATES.items():
        build().save(str(folder / name))
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in main():
        print(path)
