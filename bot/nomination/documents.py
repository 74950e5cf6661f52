"""Draft documents for a nomination, made with python-docx: tờ trình, báo cáo thành tích, danh sách.

Laid out like the decree's forms: the issuing unit and the Quốc hiệu / Tiêu ngữ side by side, the title,
the nominee's details, achievements and awards already received, and signature blocks to fill in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from bot.nomination.catalogue import Catalogue
from bot.nomination.eligibility import RATING_LABELS, SCOPE_LABELS, Verdict
from ingest.vietnamese import slug

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _new_document() -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    return document


def _header(document: Document, unit: str, number: str = "") -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(unit.upper()).bold = True
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if number:
        left.add_paragraph(number).alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].add_run(NATION).bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto = right.add_paragraph()
    motto.add_run(MOTTO).bold = True
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    today = date.today()
    place = right.add_paragraph()
    place.add_run(f"……, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}").italic = True
    place.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _title(document: Document, *lines: str) -> None:
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = index == 0


def _signature(document: Document, left: str, right: str) -> None:
    table = document.add_table(rows=1, cols=2)
    for cell, text in zip(table.rows[0].cells, (left, right), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.add_paragraph("(Ký, ghi rõ họ tên)").alignment = WD_ALIGN_PARAGRAPH.CENTER


class DossierWriter:
    def __init__(self, catalogue: Catalogue, documents: dict[str, dict]) -> None:
        self.catalogue = catalogue
        self.documents = documents

    def write(self, session: dict, verdicts: list[Verdict], folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        award = self.catalogue.awards[session["award"]]
        nominees = session["nominees"]
        files = [self.submission(award, nominees, folder / "to-trinh.docx")]
        for nominee in nominees:
            name = nominee.get("name") or nominee.get("collective_name") or "ho-so"
            report_name = f"bao-cao-thanh-tich-{slug(name, 40, default='ho-so')}.docx"
            files.append(self.report(award, nominee, folder / report_name))
        if len(nominees) > 1:
            files.append(self.listing(award, nominees, folder / "danh-sach.docx"))
        return files

    def submission(self, award, nominees: list[dict], path: Path) -> Path:
        document = _new_document()
        unit = nominees[0].get("unit", "……")
        _header(document, unit, "Số:        /TTr-……")
        _title(document, "TỜ TRÌNH", f"Về việc đề nghị tặng {award.name}")
        document.add_paragraph("Kính gửi: ……………………………………")
        document.add_paragraph(f"(Thẩm quyền quyết định: {award.decides.text} — "
                               f"{award.decides.cite.label(self.documents)})").runs[0].italic = True
        document.add_paragraph("Căn cứ:")
        for rule in award.criteria[:1] + award.dossier[:1]:
            document.add_paragraph(rule.cite.label(self.documents), style="List Bullet")
        names = ", ".join(n.get("name") or n.get("collective_name") or "" for n in nominees)
        document.add_paragraph(
            f"{unit} kính đề nghị xét tặng {award.name} cho {len(nominees)} "
            f"{'tập thể' if award.collective else 'cá nhân'}: {names} (có báo cáo thành tích"
            f"{' và danh sách' if len(nominees) > 1 else ''} kèm theo).")
        document.add_paragraph("Kính trình xem xét, quyết định./.")
        _signature(document, "Nơi nhận:", "THỦ TRƯỞNG ĐƠN VỊ")
        document.save(str(path))
        return path

    def report(self, award, nominee: dict, path: Path) -> Path:
        document = _new_document()
        _header(document, nominee.get("unit", "……"))
        _title(document, "BÁO CÁO THÀNH TÍCH", f"ĐỀ NGHỊ TẶNG {award.name.upper()}")
        document.add_paragraph().add_run("I. SƠ LƯỢC LÝ LỊCH" if not award.collective else
                                         "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH").bold = True
        if award.collective:
            rows = [("Tên tập thể", nominee.get("collective_name")), ("Số thành viên", nominee.get("collective_size")),
                    ("Đơn vị", nominee.get("unit"))]
        else:
            rows = [("Họ và tên", nominee.get("name")), ("Năm sinh", nominee.get("birth_year")),
                    ("Giới tính", nominee.get("gender")), ("Chức vụ", nominee.get("position")),
                    ("Đơn vị công tác", nominee.get("unit"))]
        for label, value in rows:
            document.add_paragraph(f"- {label}: {value if value not in (None, '') else '……'}")
        document.add_paragraph().add_run("II. THÀNH TÍCH ĐẠT ĐƯỢC").bold = True
        facts = nominee["facts"]
        for part in nominee.get("achievements", []):
            document.add_paragraph(part)
        ratings = facts.get("ratings") or {}
        if ratings:
            document.add_paragraph("Kết quả xếp loại mức độ hoàn thành nhiệm vụ:")
            for year, level in sorted(ratings.items()):
                document.add_paragraph(f"Năm {year}: {RATING_LABELS[level]}", style="List Bullet")
        if facts.get("initiative") not in (None, "khong"):
            document.add_paragraph(f"Sáng kiến, đề tài khoa học được công nhận: {SCOPE_LABELS[facts['initiative']]}.")
        document.add_paragraph().add_run("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG").bold = True
        titles = facts.get("titles") or {}
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Năm", "Danh hiệu, hình thức khen thưởng", "Số quyết định"),
                              strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for year, ids in sorted(titles.items()):
            for award_id in ids:
                row = table.add_row().cells
                row[0].text, row[1].text, row[2].text = year, self.catalogue.awards[award_id].name, "……"
        if not titles:
            table.add_row().cells[1].text = "Chưa có"
        _signature(document, "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ", "NGƯỜI BÁO CÁO THÀNH TÍCH")
        document.save(str(path))
        return path

    def listing(self, award, nominees: list[dict], path: Path) -> Path:
        document = _new_document()
        _header(document, nominees[0].get("unit", "……"))
        _title(document, "DANH SÁCH", f"ĐỀ NGHỊ TẶNG {award.name.upper()}")
        headers = ("STT", "Tên tập thể", "Số thành viên", "Đơn vị") if award.collective else (
            "STT", "Họ và tên", "Năm sinh", "Chức vụ, đơn vị")
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for index, nominee in enumerate(nominees, start=1):
            cells = table.add_row().cells
            if award.collective:
                values = (index, nominee.get("collective_name"), nominee.get("collective_size"), nominee.get("unit"))
            else:
                values = (index, nominee.get("name"), nominee.get("birth_year"),
                          f"{nominee.get('position', '')}, {nominee.get('unit', '')}")
            for cell, value in zip(cells, values, strict=True):
                cell.text = str(value if value is not None else "")
        _signature(document, "NGƯỜI LẬP DANH SÁCH", "THỦ TRƯỞNG ĐƠN VỊ")
        document.save(str(path))
        return path
