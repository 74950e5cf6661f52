"""What a review gives back: the result workbook (every verdict, every criterion with the fact used and the
rule cited) and the unit's dossier for the year, drafted from the .docx templates the wizard uses
(bot/nomination/documents.py) with the eligible only — one tờ trình, danh sách and biên bản per award and
deciding authority. Those not proposed are listed with the reason in a sheet of the result workbook marked for
the unit's own file, never in the dossier."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bot.nomination.catalogue import Award
from bot.nomination.documents import NOMINEE_KINDS, DossierWriter, Entry, recipient
from bot.nomination.eligibility import Finding
from bot.nomination.wizard import STANDING_TEXT
from bot.review.judge import Judged, Outcome, Review, award_label
from bot.review.sheet import Collective
from ingest.vietnamese import slug

RESULT_SHEETS = ("Tổng hợp", "Kết quả", "Tiêu chuẩn", "Ghi chú đơn vị", "Không đề nghị (lưu nội bộ)")
FILLS = {"propose": "C6EFCE", "reject": "FFC7CE", "incomplete": "FFEB9C", "defer": "D9D9D9"}
INTERNAL = "Lưu nội bộ của đơn vị — không gửi kèm hồ sơ đề nghị."


def finding_text(finding: Finding) -> str:
    if finding.ok is True:
        return "Đạt"
    if finding.ok is False:
        return "Chưa đạt"
    if finding.judgement:
        return "Chưa rõ — đơn vị chưa xác nhận"
    return "Chưa rõ — cần thêm thông tin"


def fact_text(finding: Finding) -> str | None:
    """The fact a criterion was judged on; a judgement the unit confirmed and a clean record say so."""
    if finding.fact:
        return finding.fact
    if finding.ok is not True:
        return None
    if "confirm" in finding.rule.check:
        return "đơn vị xác nhận đạt"
    if "no_discipline" in finding.rule.check:
        return "không đang bị xem xét kỷ luật, thanh tra; không bị kỷ luật trong năm"
    return "—"


def reason(outcome: Outcome) -> str:
    """Why an outcome is not "Đủ": the wizard's word for it, the criteria not met, then those not known, each
    with its rule."""
    verdict = outcome.verdict
    lines = [finding.detail for finding in [*verdict.failed, *verdict.missing]]
    return "\n".join([STANDING_TEXT[outcome.standing], *lines, *outcome.notes])


def kind_text(judged: Judged) -> str:
    if isinstance(judged.row, Collective):
        return NOMINEE_KINDS["tap-the"]
    return NOMINEE_KINDS.get(judged.row.kind, judged.row.kind)


def first_text(outcome: Outcome, judged: Judged) -> str:
    if not outcome.first:
        return ""
    return "Ưu tiên (tập thể có tỷ lệ nữ từ 70%)" if isinstance(judged.row, Collective) else "Ưu tiên (nữ)"


@dataclass
class ResultBook:
    """Written in openpyxl's write-only mode: a unit of 2,000 people gives some 50,000 rows of criteria."""

    writer: DossierWriter

    @staticmethod
    def _sheet(book: Workbook, title: str, headers: list[str], widths: list[int]):
        sheet = book.create_sheet(title)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "B2"
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, header)
            cell.font, cell.fill, cell.alignment = bold, fill, Alignment(wrap_text=True, vertical="center")
            cells.append(cell)
        sheet.append(cells)
        return sheet

    def write(self, review: Review, path: Path) -> Path:
        documents = self.writer.documents
        book = Workbook(write_only=True)
        awards: list[Award] = []
        for judged in review.judged:
            for outcome in judged.outcomes:
                if all(award.id != outcome.award.id for award in awards):
                    awards.append(outcome.award)
        summary = self._sheet(book, RESULT_SHEETS[0], ["STT", "Họ và tên / Tên tập thể", "Đối tượng",
                                                      *(a.short for a in awards)], [6, 28, 26, *([16] * len(awards))])
        results = self._sheet(book, RESULT_SHEETS[1], ["STT", "Họ và tên / Tên tập thể", "Danh hiệu, hình thức "
                                                       "khen thưởng", "Kết luận", "Ưu tiên lựa chọn",
                                                       "Thẩm quyền quyết định", "Ghi chú"], [6, 28, 30, 18, 16, 50, 60])
        criteria = self._sheet(book, RESULT_SHEETS[2], ["Họ và tên / Tên tập thể", "Danh hiệu, hình thức khen "
                                                        "thưởng", "Tiêu chuẩn", "Kết quả", "Thông tin đã dùng",
                                                        "Căn cứ"], [28, 30, 60, 18, 50, 50])
        fills = {standing: PatternFill("solid", fgColor=color) for standing, color in FILLS.items()}
        for index, judged in enumerate(review.judged, start=1):
            statuses = {o.award.id: o for o in judged.outcomes}
            row: list = [index, judged.name, kind_text(judged)]
            for award in awards:
                outcome = statuses.get(award.id)
                if outcome is None:
                    row.append("—")
                    continue
                cell = WriteOnlyCell(summary, outcome.status)
                cell.fill = fills[outcome.standing]
                row.append(cell)
            summary.append(row)
            for outcome in judged.outcomes:
                decides = outcome.award.decides
                results.append([index, judged.name, award_label(outcome.award), outcome.status,
                                first_text(outcome, judged), f"{decides.text} ({decides.cite.label(documents)})",
                                "\n".join(outcome.notes) or None])
                for finding in outcome.verdict.findings:
                    criteria.append([judged.name, award_label(outcome.award), finding.rule.text, finding_text(finding),
                                     fact_text(finding),
                                     finding.rule.cite.label(documents)])
        notes = self._sheet(book, RESULT_SHEETS[3], ["Ghi chú chung của đợt bình xét"], [140])
        roster = review.roster
        notes.append([f"Đơn vị: {roster.unit}" + (f" (thuộc {roster.parent})" if roster.parent else "")
                      + f"; năm bình xét {roster.year}; {len(roster.people)} cá nhân, {len(roster.collectives)} "
                      "tập thể."])
        for line in review.notes:
            notes.append([line])
        for judged in review.judged:
            for line in judged.notes:
                notes.append([f"{judged.name}: {line}"])
        left = self._sheet(book, RESULT_SHEETS[4], ["Họ và tên / Tên tập thể", "Danh hiệu, hình thức khen thưởng",
                                                    "Kết luận", "Lý do"], [28, 30, 18, 100])
        left.append([INTERNAL])
        for judged in review.judged:
            for outcome in judged.outcomes:
                if outcome.standing != "propose":
                    left.append([judged.name, award_label(outcome.award), outcome.status, reason(outcome)])
        stamp = datetime(roster.year, 12, 31)
        book.properties.created = book.properties.modified = stamp
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        return path


def nominee_of(judged: Judged, review: Review) -> dict:
    """The nominee as the wizard keeps one (what the dossier templates read)."""
    row = judged.row
    year = review.roster.year
    if isinstance(row, Collective):
        return {"collective_name": row.name, "collective_size": row.size, "unit": row.parent or review.roster.unit,
                "year": year, "facts": judged.facts}
    return {"name": row.name, "gender": row.gender, "birth_year": row.birth_year, "position": row.position,
            "unit": row.workplace or review.roster.unit, "year": year, "facts": judged.facts}


def write_dossier(writer: DossierWriter, review: Review, folder: Path) -> Path | None:
    """One tờ trình, danh sách and biên bản per award and deciding authority, with the eligible only, in one
    .zip; None when nobody is eligible for anything."""
    roster = review.roster
    profile = {"unit": roster.unit, "parent": roster.parent}
    groups: dict[tuple[str, bool, str], tuple[Award, list[Entry]]] = {}
    for judged in review.judged:
        for outcome in judged.outcomes:
            if outcome.standing != "propose":
                continue
            to = recipient(outcome.award.decides.level, profile, writer.province)
            key = (outcome.award.id, outcome.award.collective, to)
            award, entries = groups.setdefault(key, (outcome.award, []))
            entries.append(Entry(nominee_of(judged, review), outcome.verdict))
    if not groups:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    year = str(roster.year)
    archive = folder / f"ho-so-binh-xet-{roster.year}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for number, (award, entries) in enumerate(groups.values(), start=1):
            name = f"{number:02d}-{slug(award_label(award), 50)}"
            for kind, make in (("to-trinh", writer.submission), ("danh-sach", writer.listing),
                               ("bien-ban-hop-hoi-dong", writer.minutes)):
                path = folder / f"{name}-{kind}.docx"
                make(award, entries, profile, year, path)
                bundle.write(path, f"{name}/{kind}.docx")
                path.unlink()
    return archive

