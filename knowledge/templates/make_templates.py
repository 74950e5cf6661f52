"""Writes the nomination document templates (.docx) kept in this folder.

The .docx files are the templates: staff may open and edit them in Word, and the bot fills them with docxtpl
(Jinja tags such as {{ recipient }}, {%p for line in body %}, {%tr for row in rows %}). This script only
recreates them from scratch, laid out as Nghị định 30/2020/NĐ-CP asks of administrative documents: A4,
margins 20 mm top and bottom, 30 mm left, 15 mm right, Times New Roman 13-14, the issuer in two levels beside
the Quốc hiệu and Tiêu ngữ, a rule under the issuer and under the Tiêu ngữ, Nơi nhận apart from the signature.

Run from the repository: .venv/bin/python knowledge/templates/make_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


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


def rule_under(paragraph, indent_cm: float) -> None:
    """A short horizontal line under a paragraph (the rule under the issuer and under the Tiêu ngữ)."""
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Cm(indent_cm)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def first_cell_paragraph(cell, text: str, **style):
    """Fill the cell's own first paragraph (a table cell always starts with one)."""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold, run.italic = style.get("bold", False), style.get("italic", False)
    run.font.size, run.font.name = Pt(style.get("size", 13)), FONT
    paragraph.alignment = style.get("align", CENTER)
    return paragraph


def two_columns(document: Document, left_width: float = 6.5):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, (Cm(left_width), Cm(16.5 - left_width)), strict=True):
        cell.width = width
    return table.rows[0].cells


def issuer_header(document: Document, with_number: bool = True) -> None:
    """Cơ quan chủ quản over cơ quan ban hành (left), Quốc hiệu and Tiêu ngữ (right); số and địa danh, ngày."""
    left, right = two_columns(document)
    first_cell_paragraph(left, "{{ issuer_parent }}")
    rule_under(para(left, "{{ issuer_unit }}", bold=True, align=CENTER), 1.8)
    if with_number:
        para(left, "{{ number }}", align=CENTER)
    first_cell_paragraph(right, NATION, bold=True)
    rule_under(para(right, MOTTO, bold=True, align=CENTER, size=14), 2.0)
    para(right, "{{ place_date }}", italic=True, align=CENTER)


def nation_header(document: Document) -> None:
    """Quốc hiệu and Tiêu ngữ alone, centred (reports written by a person or a household)."""
    para(document, NATION, bold=True, align=CENTER)
    rule_under(para(document, MOTTO, bold=True, align=CENTER, size=14), 5.0)
    para(document, "{{ place_date }}", italic=True, align=RIGHT)


def loop(document: Document, items: str, text: str = "{{ line }}", **style) -> None:
    """One paragraph per item of a list in the context."""
    para(document, f"{{%p for line in {items} %}}")
    para(document, text, align=JUSTIFY, indent=True, **style)
    para(document, "{%p endfor %}")


def heading(document: Document, text: str) -> None:
    para(document, text, bold=True, align=JUSTIFY)


def fill_cell(cell, lines: list[tuple[str, dict]]) -> None:
    for index, (text, style) in enumerate(lines):
        style = {"align": CENTER, **style}
        if index == 0:
            first_cell_paragraph(cell, text, **style)
        else:
            para(cell, text, **style)


def signatures(document: Document, left: list[tuple[str, dict]], right: list[tuple[str, dict]]) -> None:
    """Two blocks side by side: Nơi nhận or a confirmation (left), the signer's title and name (right)."""
    para(document)
    left_cell, right_cell = two_columns(document, 7.5)
    fill_cell(left_cell, left)
    fill_cell(right_cell, right)


def sign_block(title: str, hint: str, name: str = "{{ signer_name }}") -> list[tuple[str, dict]]:
    return [(title, {"bold": True}), (hint, {"italic": True}), ("", {}), ("", {}), ("", {}), (name, {"bold": True})]


def data_table(document: Document, headers: list[str], cells: list[str], items: str) -> None:
    """A bordered table: a header row and one row per item of `items` (docxtpl row loop)."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        first_cell_paragraph(cell, text, bold=True)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for row in {items} %}}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        first_cell_paragraph(cell, text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")


def submission() -> Document:
    document = new_document()
    issuer_header(document)
    para(document)
    para(document, "TỜ TRÌNH", bold=True, align=CENTER, size=14)
    rule_under(para(document, "{{ subject }}", bold=True, align=CENTER, size=14), 5.5)
    para(document, "Kính gửi: {{ recipient }}", align=CENTER, size=14)
    loop(document, "basis")
    loop(document, "body")
    para(document, "{{ closing }}", align=JUSTIFY, indent=True)
    left = WD_ALIGN_PARAGRAPH.LEFT
    signatures(document, [("Nơi nhận:", {"bold": True, "italic": True, "align": left}),
                          ("- Như trên;", {"align": left}), ("{{ archive }}", {"align": left})],
               sign_block("{{ signer_title }}", "(Ký, ghi rõ họ tên, đóng dấu)"))
    return document


def report(kind: str) -> Document:
    """Báo cáo thành tích: of a person (ca-nhan), a collective (tap-the) or a household (ho-gia-dinh)."""
    document = new_document()
    if kind == "tap-the":
        issuer_header(document, with_number=False)
    else:
        nation_header(document)
    para(document)
    para(document, "BÁO CÁO THÀNH TÍCH", bold=True, align=CENTER, size=14)
    para(document, "{{ subject }}", bold=True, align=CENTER, size=14)
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
    data_table(document, ["Năm", "Danh hiệu thi đua", "Số, ngày, tháng, năm của quyết định công nhận; cơ quan "
                          "ban hành quyết định"], ["{{ row.year }}", "{{ row.name }}", "{{ row.decision }}"], "titles")
    heading(document, "2. Hình thức khen thưởng")
    data_table(document, ["Năm", "Hình thức khen thưởng", "Số, ngày, tháng, năm của quyết định khen thưởng; cơ "
                          "quan ban hành quyết định"], ["{{ row.year }}", "{{ row.name }}", "{{ row.decision }}"],
               "honours")
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


def listing() -> Document:
    document = new_document()
    issuer_header(document, with_number=False)
    para(document)
    para(document, "DANH SÁCH", bold=True, align=CENTER, size=14)
    para(document, "{{ subject }}", bold=True, align=CENTER, size=14)
    para(document, "{{ attachment }}", italic=True, align=CENTER)
    data_table(document, ["STT", "{{ name_label }}", "Giới tính", "{{ year_label }}", "Chức vụ, đơn vị công tác",
                          "Ghi chú"],
               ["{{ row.index }}", "{{ row.name }}", "{{ row.gender }}", "{{ row.year }}", "{{ row.position }}",
                "{{ row.note }}"], "rows")
    para(document, "{{ total }}", italic=True)
    signatures(document, [("", {})], sign_block("{{ signer_title }}", "(Ký, ghi rõ họ tên, đóng dấu)"))
    return document


def minutes() -> Document:
    document = new_document()
    issuer_header(document)
    para(document)
    para(document, "BIÊN BẢN", bold=True, align=CENTER, size=14)
    para(document, "Họp Hội đồng Thi đua - Khen thưởng {{ council }}", bold=True, align=CENTER, size=14)
    para(document, "{{ subject }}", bold=True, align=CENTER)
    for text in ("Thời gian: …… giờ …… phút, ngày …… tháng …… năm …….", "Địa điểm: …………………………………….",
                 "Thành phần:", "- Chủ trì: ……………………, Chủ tịch Hội đồng;", "- Thư ký: ……………………;",
                 "- Thành viên Hội đồng có mặt: ……/…… thành viên; vắng mặt: …… (lý do: ……………)."):
        para(document, text, align=JUSTIFY)
    heading(document, "NỘI DUNG")
    loop(document, "body")
    data_table(document, ["STT", "{{ name_label }}", "Chức vụ, đơn vị", "Số phiếu đồng ý", "Tỷ lệ (%)"],
               ["{{ row.index }}", "{{ row.name }}", "{{ row.position }}", "……/……", "……"], "rows")
    para(document, "{{ conclusion }}", align=JUSTIFY, indent=True)
    para(document, "Cuộc họp kết thúc vào lúc …… giờ …… phút cùng ngày; biên bản đã được thông qua trước Hội đồng "
         "và các thành viên dự họp nhất trí./.", align=JUSTIFY, indent=True)
    signatures(document, sign_block("THƯ KÝ", "(Ký, ghi rõ họ tên)", "……………………"),
               sign_block("CHỦ TỊCH HỘI ĐỒNG", "(Ký, ghi rõ họ tên)", "……………………"))
    return document


def review_sheet() -> Document:
    """A checklist export for nominees that are not proposed: what was checked and why, marked as such."""
    document = new_document()
    issuer_header(document, with_number=False)
    para(document)
    para(document, "PHIẾU RÀ SOÁT HỒ SƠ", bold=True, align=CENTER, size=14)
    para(document, "{{ subject }}", bold=True, align=CENTER)
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
    "danh-sach.docx": listing,
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
