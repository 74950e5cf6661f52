"""The year-end review as every face calls it: the template (/binh_xet), a filled sheet sent back, and the
registry's people (/ho_so_ca_nhan). Replies are the wizard's Reply (text and files)."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.nomination.catalogue import Catalogue
from bot.nomination.documents import NOMINEE_KINDS, TEMPLATES_DIR, DossierWriter
from bot.nomination.eligibility import RATING_LABELS, Rules
from bot.nomination.wizard import Reply
from bot.review.judge import STATUS, Judge, Review, UnitRules, award_label
from bot.review.registry import SOURCES, NotAMember, Record, Registry, counts, remove_folders
from bot.review.report import ResultBook, write_dossier
from bot.review.sheet import (
    RATING_CHOICES,
    RATING_YEARS,
    SheetReader,
    SheetRejected,
    write_template,
)
from bot.storage import Storage
from ingest.vietnamese import fold_key, slug

UNIT_RULES = Path(__file__).resolve().parents[2] / "knowledge" / "review.yaml"
RATING_TEXT = dict(zip(RATING_LABELS, RATING_CHOICES, strict=True))
LOOKUP_USAGE = ("Tra cứu sổ bình xét của đơn vị:\n/ho_so_ca_nhan Nguyễn Văn A — xem hồ sơ\n"
                "/ho_so_ca_nhan sua Nguyễn Văn A | 2025 | Chiến sĩ thi đua cơ sở | 123/QĐ-UBND — ghi danh hiệu theo "
                "quyết định (hoặc thêm số quyết định)\n/ho_so_ca_nhan bo Nguyễn Văn A | 2025 | Chiến sĩ thi đua cơ sở "
                "— bỏ một danh hiệu ghi sai\n/ho_so_ca_nhan xoa Nguyễn Văn A — xóa người này cùng các tệp kết quả có "
                "tên họ")


def not_member_text(unit: str) -> str:
    return (f"Đơn vị “{unit}” đã có người quản lý sổ bình xét; bạn chưa thuộc đơn vị này nên bảng tính chưa được nhận "
            "(không có gì được lưu). Nhờ người quản lý gõ /binh_xet them <mã Telegram của bạn> rồi gửi lại.")


class Reviews:
    def __init__(self, catalogue: Catalogue, documents: Callable[[], dict[str, dict]], storage: Storage,
                 province: str, output_dir: Path, templates: Path = TEMPLATES_DIR,
                 unit_rules: Path = UNIT_RULES) -> None:
        self.catalogue = catalogue
        self.documents = documents
        self.rules = Rules(catalogue, {})
        self.writer = DossierWriter(catalogue, {}, province, templates)
        self.judge = Judge(catalogue, self.rules, UnitRules.load(unit_rules), province)
        self.registry = Registry(storage.engine)
        self.storage = storage
        self.root = output_dir / "binh-xet"

    def _sync_documents(self) -> None:
        self.writer.documents = self.rules.documents = self.documents()

    # The template -----------------------------------------------------------------------------------------
    def template(self, user_id: int, trusted: bool, named: str = "") -> Reply:
        """A blank template for this year (or the year named), or next year's for one of the user's units, filled
        from the registry."""
        named = named.strip()
        if re.fullmatch(r"\d{4}", named):
            year = int(named)
            if not 2000 <= year <= date.today().year:
                return Reply(f"Năm bình xét phải từ 2000 đến {date.today().year}.")
            return self._blank(user_id, year)
        units = self.registry.units(user_id, trusted)
        if named:
            units = [unit for unit in units if fold_key(unit.name) == fold_key(named)]
            if not units:
                return Reply(f"Bạn chưa có sổ bình xét của đơn vị “{named}”. Gõ /binh_xet để nhận mẫu trống.")
        if len(units) > 1:
            return Reply("Bạn quản lý sổ bình xét của nhiều đơn vị; gõ /binh_xet <tên đơn vị>:\n"
                         + "\n".join(f"• {unit.name}" for unit in units))
        if not units:
            return self._blank(user_id, date.today().year)
        unit, latest, records = self.registry.template_rows(units[0].id)
        year = min((latest or date.today().year - 1) + 1, date.today().year)
        people = [self._person_row(r, year) for r in records if not r.collective]
        collectives = [self._collective_row(r) for r in records if r.collective]
        titles = [{"holder": r.name, "year": t.year, "award": self.catalogue.awards[t.award_id].short,
                   "decision": t.decision} for r in records for t in r.titles
                  if t.award_id in self.catalogue.awards and t.year < year]
        path = write_template(self.root / "mau" / str(user_id) / f"binh-xet-{year}-{slug(unit.name, 40)}.xlsx", year,
                              unit.name, unit.parent, people, collectives, titles)
        proposals = sum(1 for r in records for t in r.titles if not counts(t) and t.year < year)
        return Reply(f"Mẫu bình xét năm {year} của {unit.name}, điền sẵn từ sổ bình xét: {len(people)} cá nhân, "
                     f"{len(collectives)} tập thể, {len(titles)} danh hiệu đã có. Các danh hiệu được đề nghị năm "
                     f"trước ({proposals}) chưa có số quyết định: điền số quyết định, hoặc xóa dòng nếu không được "
                     "công nhận. Xếp loại, kỷ luật và xác nhận năm nay để trống để đơn vị điền.", files=[path])

    def _blank(self, user_id: int, year: int) -> Reply:
        path = write_template(self.root / "mau" / str(user_id) / f"mau-binh-xet-{year}.xlsx", year)
        return Reply(f"Mẫu danh sách bình xét năm {year}: điền các sheet “Thông tin chung”, “Cá nhân”, “Tập thể”, "
                     "“Danh hiệu đã đạt” (xem sheet “Hướng dẫn”), rồi gửi lại tệp .xlsx cho bot. Bot trả về kết quả "
                     "từng người theo từng danh hiệu, có dẫn căn cứ, và dự thảo hồ sơ của đơn vị. Mẫu năm khác: "
                     "/binh_xet <năm>.", files=[path])

    @staticmethod
    def _ratings(record: Record) -> dict[str, str]:
        ratings: dict[str, str] = {}
        for year in sorted(record.years):
            ratings |= record.years[year].ratings or {}
        return ratings

    def _person_row(self, record: Record, year: int) -> dict:
        details, ratings = record.details, self._ratings(record)
        row = {"name": record.name, "gender": details.get("gender"), "birth_year": details.get("birth_year"),
               "position": details.get("position"), "workplace": details.get("workplace"),
               "kind": NOMINEE_KINDS.get(details.get("kind") or "can-bo")}
        for y in range(year - RATING_YEARS + 1, year):
            if str(y) in ratings:
                row[f"rating:{y}"] = RATING_TEXT[ratings[str(y)]]
        return row

    def _collective_row(self, record: Record) -> dict:
        details = record.details
        return {"name": record.name, "parent": details.get("parent"), "size": details.get("size"),
                "women": details.get("women")}

    def add_colleague(self, user_id: int, trusted: bool, text: str) -> Reply:
        """/binh_xet them <id> [tên đơn vị]: a colleague may then see and review the unit."""
        match = re.fullmatch(r"(\d{1,15})\s*(.*)", text.strip())
        if not match:
            return Reply("Dùng: /binh_xet them <mã Telegram của đồng nghiệp> [tên đơn vị].")
        units = self.registry.units(user_id, trusted)
        if match.group(2):
            units = [unit for unit in units if fold_key(unit.name) == fold_key(match.group(2))]
        if len(units) != 1:
            return Reply("Hãy ghi tên một đơn vị bạn quản lý: /binh_xet them <mã> <tên đơn vị>." if units else
                         "Bạn chưa quản lý sổ bình xét của đơn vị nào (hoặc tên đơn vị không đúng).")
        self.registry.add_member(user_id, units[0].id, int(match.group(1)))
        return Reply(f"Đã thêm người dùng {match.group(1)} vào đơn vị {units[0].name}: họ xem và gửi được bảng "
                     "bình xét của đơn vị.")

    # A filled sheet ---------------------------------------------------------------------------------------
    def review(self, user_id: int, trusted: bool, name: str, data: bytes) -> Reply:
        """Read, judge, write the result and the dossier, then keep what was decided — or, for a faulty sheet,
        say every fault and keep nothing."""
        try:
            roster = SheetReader(self.catalogue).read(name, data)
            self.registry.check_member(user_id, roster.unit, trusted)
        except SheetRejected as rejected:
            return Reply(rejected.message())
        except NotAMember as refused:
            return Reply(not_member_text(str(refused)))
        self._sync_documents()
        review = self.judge.judge(roster, self.registry.history(user_id, roster.unit, trusted, roster.year))
        folder = self.root / slug(roster.unit, 60) / f"{roster.year}-{uuid.uuid4().hex[:8]}"
        try:
            files = self.write(review, folder)
            replaced = self.registry.save(user_id, trusted, review, folder)
        except NotAMember as refused:
            shutil.rmtree(folder, ignore_errors=True)
            return Reply(not_member_text(str(refused)))
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        remove_folders(replaced, self.root)
        return Reply(self.summary(review, len(files) > 1), files=files)

    def write(self, review: Review, folder: Path) -> list[Path]:
        """The result workbook and, when anyone is eligible, the dossier (.zip)."""
        year = review.roster.year
        result = ResultBook(self.writer).write(review, folder / f"ket-qua-binh-xet-{year}.xlsx")
        dossier = write_dossier(self.writer, review, folder / "ho-so")
        return [result, dossier] if dossier else [result]

    def summary(self, review: Review, dossier: bool) -> str:
        roster = review.roster
        lines = [f"Kết quả bình xét năm {roster.year} — {roster.unit}: {len(roster.people)} cá nhân, "
                 f"{len(roster.collectives)} tập thể."]
        tally: dict[str, dict[str, int]] = {}
        for judged in review.judged:
            for outcome in judged.outcomes:
                counted = tally.setdefault(award_label(outcome.award), dict.fromkeys(STATUS.values(), 0))
                counted[outcome.status] += 1
        for award, counted in tally.items():
            lines.append(f"• {award}: " + ", ".join(f"{label} {count}" for label, count in counted.items() if count))
        lines += [f"ℹ️ {line}" for line in review.notes if not line.startswith("Tổng số")]
        lines.append("Tệp kết quả: sheet “Tổng hợp” và “Kết quả” (kết luận từng người, từng danh hiệu), “Tiêu chuẩn” "
                     "(từng tiêu chuẩn đạt hay chưa, thông tin đã dùng, căn cứ), “Không đề nghị (lưu nội bộ)”.")
        if dossier:
            lines.append("Hồ sơ (.zip): tờ trình, danh sách, biên bản họp Hội đồng Thi đua - Khen thưởng cho từng danh "
                         "hiệu và cấp quyết định — chỉ những người (tập thể) đủ điều kiện; ngày, số văn bản để trống. "
                         "Báo cáo thành tích từng người cần nội dung thành tích: lập bằng /de_nghi.")
        else:
            lines.append("Chưa có người (tập thể) nào đủ điều kiện, nên không tạo hồ sơ đề nghị.")
        lines.append("Kết quả đã được ghi vào sổ bình xét của đơn vị (tra cứu: /ho_so_ca_nhan <họ tên>).")
        return "\n".join(lines)

    # The registry's people --------------------------------------------------------------------------------
    def person_command(self, user_id: int, trusted: bool, text: str) -> Reply:
        text = text.strip()
        action, _, rest = text.partition(" ")
        action = fold_key(action)
        if not text:
            return Reply(LOOKUP_USAGE)
        if action in ("sua", "bo"):
            return self._title_command(user_id, trusted, rest, remove=action == "bo")
        if action == "xoa":
            return self._delete(user_id, trusted, rest)
        records = self.registry.find(user_id, trusted, text)
        if not records:
            return Reply(f"Không tìm thấy “{text[:80]}” trong sổ bình xét của đơn vị bạn.")
        return Reply("\n\n".join(self.record_text(record) for record in records))

    def _one(self, user_id: int, trusted: bool, name: str) -> Record | Reply:
        records = self.registry.find(user_id, trusted, name)
        if not records:
            return Reply(f"Không tìm thấy “{name[:80]}” trong sổ bình xét của đơn vị bạn.")
        if len(records) > 1:
            return Reply("Có nhiều người khớp; hãy ghi đủ họ tên:\n" + "\n".join(f"• {r.name} ({r.unit})"
                                                                           for r in records))
        return records[0]

    def _title_command(self, user_id: int, trusted: bool, text: str, remove: bool) -> Reply:
        parts = [part.strip() for part in text.split("|")]
        if len(parts) < 3 or not re.fullmatch(r"\d{4}", parts[1]):
            return Reply(LOOKUP_USAGE)
        found = self._one(user_id, trusted, parts[0])
        if isinstance(found, Reply):
            return found
        year, award = int(parts[1]), self.catalogue.find(parts[2])
        if award is None:
            return Reply(f"“{parts[2][:60]}” không có trong danh mục danh hiệu, hình thức khen thưởng.")
        if year > date.today().year:
            return Reply(f"Năm {year} là năm trong tương lai.")
        if remove:
            done = self.registry.remove_title(found, year, award.id)
            return Reply(f"Đã bỏ {award.short} năm {year} của {found.name}." if done else
                         f"{found.name} không có {award.short} năm {year} trong sổ.")
        decision = parts[3] if len(parts) > 3 else ""
        self.registry.enter_title(found, year, award.id, decision[:200])
        return Reply(f"Đã ghi {award.short} năm {year} cho {found.name}" + (f" (Quyết định {decision})" if decision
                                                                            else "") + ".")

    def _delete(self, user_id: int, trusted: bool, name: str) -> Reply:
        found = self._one(user_id, trusted, name)
        if isinstance(found, Reply):
            return found
        folders = self.registry.delete(found)
        remove_folders(folders, self.root)
        self.storage.erase(None, [found.name])  # whoever wrote the name in a question
        return Reply(f"Đã xóa {found.name} khỏi sổ bình xét của {found.unit}, cùng {len(folders)} bộ tệp kết quả có "
                     "tên người này (gửi lại danh sách nếu cần tạo lại kết quả cho những người khác).")

    def record_text(self, record: Record) -> str:
        details = record.details
        lines = [f"{record.name} — {record.unit}" + (" (tập thể)" if record.collective else "")]
        if not record.collective:
            facts = [f"năm sinh {details['birth_year']}" if details.get("birth_year") else "", details.get("gender"),
                     details.get("position"), details.get("workplace"),
                     NOMINEE_KINDS.get(details.get("kind") or "", "")]
            lines.append(", ".join(fact for fact in facts if fact))
        ratings = self._ratings(record)
        if ratings:
            lines.append("Xếp loại: " + "; ".join(f"{y}: {RATING_LABELS[level]}"
                                                  for y, level in sorted(ratings.items())))
        for year, reviewed in sorted(record.years.items()):
            outcomes = "; ".join(f"{self.catalogue.awards[a].short}: {STATUS[s]}" for a, s in reviewed.outcomes.items()
                                 if a in self.catalogue.awards)
            lines.append(f"Bình xét năm {year}: {outcomes}")
        if record.titles:
            lines.append("Danh hiệu, khen thưởng:")
            for title in record.titles:
                name = self.catalogue.awards[title.award_id].short if title.award_id in self.catalogue.awards \
                    else title.award_id
                decision = f"Quyết định {title.decision}" if title.decision else "chưa có số quyết định"
                lines.append(f"• {title.year}: {name} ({decision}; {SOURCES[title.source]})")
        return "\n".join(lines)

