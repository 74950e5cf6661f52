"""The nomination wizard: catalogue, eligibility rules, the state machine, drafts, .docx output."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from bot.nomination.catalogue import Catalogue
from bot.nomination.eligibility import Rules
from bot.nomination.facts import InvalidInput, parse_ratings, parse_titles, parse_yes_no
from bot.nomination.service import Nominations
from bot.nomination.steps import SUGGESTED
from bot.storage import Storage
from tests.conftest import ROOT
from tests.dossier_cases import docx_text

CATALOGUE = Catalogue.load(ROOT / "knowledge" / "awards")
YEAR = 2025


@pytest.fixture(scope="module")
def documents(corpus_engine) -> dict[str, dict]:
    return corpus_engine.documents


@pytest.fixture()
def rules(documents) -> Rules:
    return Rules(CATALOGUE, documents)


def facts(**values) -> dict:
    base = {"year": YEAR, "ratings": {}, "titles": {}, "discipline": False, "confirm": {}}
    base.update(values)
    return base


def test_catalogue_has_the_awards_staff_need() -> None:
    assert {"lao-dong-tien-tien", "chien-si-thi-dua-co-so", "chien-si-thi-dua-cap-tinh", "chien-si-thi-dua-toan-quoc",
            "tap-the-lao-dong-tien-tien", "tap-the-lao-dong-xuat-sac", "co-thi-dua-cap-tinh", "giay-khen",
            "bang-khen-chu-tich-ubnd-tinh"} <= set(CATALOGUE.awards)
    for award in CATALOGUE.awards.values():
        assert award.criteria and award.dossier and award.decides.text
        assert award.reward or any("thưởng" in gap for gap in award.gaps), award.id


def test_every_citation_resolves_to_a_unit_in_the_index(corpus_engine) -> None:
    units = list(corpus_engine.retriever.units.values())
    rules = [rule for award in CATALOGUE.awards.values() for rule in award.rules()] + CATALOGUE.common
    assert len(rules) > 40
    for rule in rules:
        cite = rule.cite
        article_units = [u for u in units if u.doc.id == cite.doc and u.article == cite.article]
        assert article_units, f"{cite} ({rule.text[:40]})"
        text = "\n".join(u.text for u in article_units)
        if cite.clause:
            assert any(u.clause == cite.clause for u in article_units) or f"\n{cite.clause}. " in f"\n{text}", cite
        if cite.point:
            assert re.search(rf"\n\[?{cite.point}\)\]? ", f"\n{text}"), cite  # "[e)]": a letter the editor restored


def test_lao_dong_tien_tien(rules: Rules) -> None:
    award = CATALOGUE.awards["lao-dong-tien-tien"]
    good = rules.evaluate(award, facts(ratings={"2025": "tot"}, confirm={"spirit": True}))
    assert good.status == "eligible"
    weak = rules.evaluate(award, facts(ratings={"2025": "hoan-thanh"}, confirm={"spirit": True}))
    assert weak.status == "not_eligible"
    assert weak.failed[0].detail.startswith("Chưa đủ điều kiện: điểm a khoản 1 Điều 24 Luật Thi đua, khen thưởng")
    assert "năm 2025: hoàn thành nhiệm vụ" in weak.failed[0].detail
    unknown = rules.evaluate(award, facts(confirm={"spirit": True}))
    assert unknown.status == "incomplete" and "kết quả xếp loại nhiệm vụ năm 2025" in unknown.missing[0].detail


def test_chien_si_thi_dua_co_so(rules: Rules) -> None:
    award = CATALOGUE.awards["chien-si-thi-dua-co-so"]
    assert rules.evaluate(award, facts(ratings={"2025": "xuat-sac"}, initiative="khong")).status == "eligible"
    plain_good = rules.evaluate(award, facts(ratings={"2025": "tot"}, initiative="khong"))
    assert plain_good.status == "not_eligible" and "khoản 2 Điều 23" in plain_good.failed[0].detail
    assert rules.evaluate(award, facts(ratings={"2025": "tot"}, initiative="co-so")).status == "eligible"
    assert rules.evaluate(award, facts(ratings={"2025": "tot"})).status == "incomplete"
    disciplined = rules.evaluate(award, facts(ratings={"2025": "xuat-sac"}, initiative="khong", discipline=True))
    assert disciplined.status == "not_eligible"
    assert "khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP" in disciplined.failed[0].detail


def test_chien_si_thi_dua_cap_tinh_counts_consecutive_years(rules: Rules) -> None:
    award = CATALOGUE.awards["chien-si-thi-dua-cap-tinh"]
    held = {"2024": ["chien-si-thi-dua-co-so"], "2025": ["chien-si-thi-dua-co-so"]}
    two = rules.evaluate(award, facts(titles=held, initiative="tinh"))
    assert two.status == "not_eligible"
    detail = two.failed[0].detail
    assert detail.startswith("Chưa đủ điều kiện: điểm a khoản 1 Điều 22 Luật Thi đua, khen thưởng")
    assert "03 lần liên tục" in detail and "hồ sơ khai 02 lần" in detail
    broken = {str(y): ["chien-si-thi-dua-co-so"] for y in (2022, 2024, 2025)}
    assert rules.evaluate(award, facts(titles=broken, initiative="tinh")).status == "not_eligible"
    three = {str(y): ["chien-si-thi-dua-co-so"] for y in (2023, 2024, 2025)}
    assert rules.evaluate(award, facts(titles=three, initiative="tinh")).status == "eligible"
    old = {str(y): ["chien-si-thi-dua-co-so"] for y in (2019, 2020, 2021)}
    assert rules.evaluate(award, facts(titles=old, initiative="tinh")).status == "not_eligible"
    assert rules.evaluate(award, facts(titles=three, initiative="co-so")).status == "not_eligible"


def test_collective_rules(rules: Rules) -> None:
    award = CATALOGUE.awards["tap-the-lao-dong-xuat-sac"]
    confirm = {"movement": True, "unity": True}
    full = facts(ratings={"2025": "xuat-sac"}, members_completed=True, ldtt_percent=75, has_cstdcs=True,
                 confirm=confirm)
    assert rules.evaluate(award, full).status == "eligible"
    low = rules.evaluate(award, {**full, "ldtt_percent": 60})
    assert low.status == "not_eligible" and "60%" in low.failed[0].detail and "70%" in low.failed[0].detail


def test_parsers_accept_what_staff_type_and_explain_bad_input() -> None:
    assert parse_ratings("2024: HTXSNV\n2025: hoàn thành tốt", YEAR) == {"2024": "xuat-sac", "2025": "tot"}
    assert parse_ratings("hoan thanh xuat sac", YEAR) == {"2025": "xuat-sac"}
    assert parse_ratings("2025: không hoàn thành nhiệm vụ", YEAR) == {"2025": "khong"}
    with pytest.raises(InvalidInput, match="Mỗi dòng một năm"):
        parse_ratings("2024: giỏi", YEAR)
    with pytest.raises(InvalidInput, match="sau năm xét"):
        parse_ratings("2030: tốt", YEAR)
    titles = parse_titles("2023, 2024: CSTĐCS; 2022: Lao động tiên tiến\n2024: Tập thể lao động tiên tiến",
                          CATALOGUE, YEAR)
    assert titles == {"2023": ["chien-si-thi-dua-co-so"],
                      "2024": ["chien-si-thi-dua-co-so", "tap-the-lao-dong-tien-tien"],
                      "2022": ["lao-dong-tien-tien"]}
    assert parse_titles("Không", CATALOGUE, YEAR) == {}
    with pytest.raises(InvalidInput):
        parse_titles("2024: huy chương vàng", CATALOGUE, YEAR)
    assert parse_yes_no("có") is True and parse_yes_no("Khong") is False and parse_yes_no("chưa rõ") is None
    with pytest.raises(InvalidInput):
        parse_yes_no("có lẽ vậy")


def make_nominations(documents, url: str, tmp_path: Path, province: str = "Hải Phòng") -> Nominations:
    return Nominations(CATALOGUE, lambda: documents, Storage(url), province, tmp_path / "out")


def run(nominations: Nominations, user: int, *answers: str):
    reply = None
    for answer in answers:
        reply = nominations.handle(user, answer)
        assert reply is not None, f"no active nomination at {answer!r}"
    return reply


# The award, the kind of nominee, the user's unit, its parent, its ký hiệu and địa danh as offered (asked once), then
# the nominee.
START = ["chien-si-thi-dua-co-so", "can-bo", "Văn phòng Sở Nội vụ", "Sở Nội vụ thành phố Hải Phòng", SUGGESTED,
         SUGGESTED]
NOMINEE = ["Nguyễn Văn An", "1982", "Nam", "Trưởng phòng", "Sở Nội vụ", str(YEAR),
           f"{YEAR - 1}: hoàn thành tốt\n{YEAR}: hoàn thành xuất sắc", f"{YEAR - 1}: Lao động tiên tiến", "co-so",
           "Không", "Tham mưu công tác thi đua, khen thưởng của Sở.", "Chủ trì số hóa hồ sơ thi đua của Sở.",
           "Sáng kiến được Hội đồng sáng kiến cơ sở công nhận."]
PERSON = START + NOMINEE


def test_whole_nomination_with_back_edit_and_documents(documents, tmp_path: Path) -> None:
    nominations = make_nominations(documents, f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    first = nominations.start(1)
    assert "Giúp tôi chọn" in [label for label, _ in first.options]
    reply = run(nominations, 1, *START, *NOMINEE[:2])
    assert "Giới tính" in reply.text or "Giới tính?" in reply.text
    reply = run(nominations, 1, "Không rõ")
    assert reply.text.startswith("⚠️ Hãy chọn “Nam” hoặc “Nữ”.")
    reply = run(nominations, 1, "/quay_lai")
    assert "Năm sinh?" in reply.text
    reply = run(nominations, 1, "1890")
    assert reply.text.startswith("⚠️ Hãy nhập năm sinh")
    reply = run(nominations, 1, *NOMINEE[1:12])
    assert reply.text.startswith("Đã ghi 1 đoạn")
    reply = run(nominations, 1, NOMINEE[12], "/xong")
    assert reply.text.startswith("Rà soát hồ sơ") and "✅ Đủ điều kiện" in reply.text
    assert "• Họ và tên: Nguyễn Văn An" in reply.text
    reply = run(nominations, 1, "sửa name")
    assert "giá trị cũ: Nguyễn Văn An" in reply.text
    reply = run(nominations, 1, "Nguyễn Văn Bình")
    assert reply.text.startswith("Rà soát hồ sơ") and "• Họ và tên: Nguyễn Văn Bình" in reply.text
    reply = run(nominations, 1, "Xác nhận", "Hoàn tất")
    assert reply.finished and "Thành phần hồ sơ:" in reply.text
    assert "☐ Biên bản bình xét thi đua (điểm c khoản 1 Điều 84 Luật Thi đua, khen thưởng" in reply.text
    assert "Thẩm quyền quyết định:" in reply.text and "Điều 80" in reply.text
    assert "1,0 lần mức lương cơ sở (điểm c khoản 1 Điều 50 Nghị định 152/2025/NĐ-CP)" in reply.text
    names = sorted(path.name for path in reply.files)
    assert names == ["bao-cao-thanh-tich-nguyen-van-binh.docx", "bien-ban-hop-hoi-dong.docx", "danh-sach.docx",
                     "to-trinh.docx"]
    report = docx.Document(str(next(p for p in reply.files if p.name.startswith("bao-cao"))))
    text = "\n".join(p.text for p in report.paragraphs)
    cells = "\n".join(c.text for t in report.tables for row in t.rows for c in row.cells)
    assert "BÁO CÁO THÀNH TÍCH" in text and "- Họ và tên: Nguyễn Văn Bình" in text
    assert "- Sinh ngày …… tháng …… năm 1982" in text
    assert "Chủ trì số hóa hồ sơ thi đua của Sở." in text and f"Năm {YEAR}: hoàn thành xuất sắc nhiệm vụ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Danh hiệu “Lao động tiên tiến”" in cells
    assert nominations.handle(1, "hello") is None


def test_several_nominees_get_a_list(documents, tmp_path: Path) -> None:
    nominations = make_nominations(documents, "sqlite://", tmp_path)
    nominations.start(2)
    run(nominations, 2, *PERSON, "/xong", "Xác nhận", "Thêm người khác")
    second = ["Lê Thị Hoa", "1990", "Nữ", "Chuyên viên", "Sở Nội vụ", str(YEAR), f"{YEAR}: hoàn thành tốt",
              "Không", "khong", "Không", "Văn thư.", "Hoàn thành tốt nhiệm vụ.", "/xong"]
    reply = run(nominations, 2, *second)
    assert "❌ Chưa đủ điều kiện" in reply.text and "khoản 2 Điều 23" in reply.text
    third = ["Đào Thị Mai", "1988", "Nữ", "Chuyên viên", "Sở Nội vụ", str(YEAR), f"{YEAR}: hoàn thành xuất sắc",
             "Không", "Không có", "Không", "Kế toán.", "Hoàn thành xuất sắc nhiệm vụ.", "/xong"]
    reply = run(nominations, 2, "Xác nhận", "Thêm người khác", *third, "Xác nhận", "Hoàn tất")
    listing = next(path for path in reply.files if path.name == "danh-sach.docx")
    rows = [[c.text for c in row.cells] for row in docx.Document(str(listing)).tables[1].rows]
    assert [row[1] for row in rows[1:]] == ["Nguyễn Văn An", "Đào Thị Mai"]
    assert "• Lê Thị Hoa: không đề nghị (chưa đủ tiêu chuẩn)" in reply.text


def test_drafts_survive_a_restart_and_stay_private(documents, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
    before = make_nominations(documents, url, tmp_path)
    before.start(10)
    run(before, 10, *START, *NOMINEE[:3])
    after = make_nominations(documents, url, tmp_path)
    reply = after.handle(10, "Trưởng phòng")
    assert reply is not None and "Đơn vị công tác" in reply.text
    assert after.handle(11, "Trưởng phòng") is None
    listed = after.list(10)
    draft_id = int(listed.text.split("#")[1].split()[0])
    assert "Chiến sĩ thi đua cơ sở — Nguyễn Văn An (đang làm" in listed.text
    assert after.list(11).text.startswith("Bạn chưa có hồ sơ")
    assert "Không tìm thấy" in after.resume(11, draft_id).text
    assert "Không tìm thấy" in after.delete(11, draft_id).text
    cancelled = after.cancel(10)
    assert "Đã dừng hồ sơ" in cancelled.text and after.handle(10, "x") is None
    resumed = after.drafts_command(10, ["tiep", str(draft_id)])
    assert "Tiếp tục hồ sơ" in resumed.text and "Đơn vị công tác" in resumed.text
    # Deletion asks first, naming the draft; only the confirmed command deletes.
    asked = after.drafts_command(10, ["xoa", str(draft_id)])
    assert asked.text.startswith(f"Xóa hồ sơ #{draft_id} (Chiến sĩ thi đua cơ sở — Nguyễn Văn An)?")
    assert after.list(10).text.count(f"#{draft_id}") == 1
    assert [value for _, value in asked.options] == [f"/ho_so xoa {draft_id} chac", "/ho_so"]
    assert "Đã xóa" in after.drafts_command(10, asked.options[0][1].split()[1:]).text
    assert after.handle(10, "Sở Nội vụ") is None


def test_help_me_choose_suggests_with_reasons(documents, tmp_path: Path) -> None:
    nominations = make_nominations(documents, "sqlite://", tmp_path)
    nominations.start(3)
    reply = run(nominations, 3, "Giúp tôi chọn", "can-bo", str(YEAR), f"{YEAR - 1}: xuất sắc\n{YEAR}: xuất sắc",
                f"{YEAR - 3}, {YEAR - 2}, {YEAR - 1}: Chiến sĩ thi đua cơ sở", "tinh", "Không")
    while "Có đạt tiêu chuẩn" in reply.text:
        reply = run(nominations, 3, "Có")
    assert reply.text.startswith("Gợi ý") and "▶ Danh hiệu “Chiến sĩ thi đua thành phố”" in reply.text
    assert "Đạt: Có thành tích xuất sắc tiêu biểu" in reply.text
    reply = run(nominations, 3, "chien-si-thi-dua-cap-tinh")
    assert reply.text.startswith("Đã chọn: Danh hiệu “Chiến sĩ thi đua thành phố”")  # the city's own name


BANG_KHEN = "Bằng khen của Chủ tịch UBND tỉnh"
# A criterion of the province's Bằng khen that only Bắc Ninh's regulation lays down (khoản 3 Điều 3 QĐ 86/2025).
BAC_NINH_ONLY = "Gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước"
TO_THE_CRITERION = ["can-bo", *START[2:], "Trần Văn Bình", "1980", "Nam", "Chuyên viên", "Văn phòng", str(YEAR),
                    f"{YEAR - 1}, {YEAR}: hoàn thành xuất sắc", f"{YEAR - 1}, {YEAR}: Chiến sĩ thi đua cơ sở",
                    "Không có", "Không"]


def test_another_provinces_criteria_never_enter_a_hai_phong_nomination(documents, tmp_path: Path) -> None:
    """The knowledge base holds the province's Bằng khen criteria only as Bắc Ninh's: a Hải Phòng unit choosing it
    is told plainly that the city's own are missing and states them met; no reply and no document lists or applies
    Bắc Ninh's. A Bắc Ninh unit has its own asked and applied."""
    hai_phong = make_nominations(documents, "sqlite://", tmp_path)
    replies = [hai_phong.start(4)]
    replies += [hai_phong.handle(4, answer) for answer in [BANG_KHEN, *TO_THE_CRITERION]]
    missing = ("⚠️ Cơ sở tri thức chưa có quy định của Ủy ban nhân dân thành phố Hải Phòng về tiêu chuẩn xét tặng "
               "Bằng khen của Chủ tịch UBND thành phố")
    assert missing in replies[1].text
    city_rule = "quy định của Ủy ban nhân dân thành phố Hải Phòng, chưa có trong cơ sở tri thức"
    city_standard = "Tiêu chuẩn của thành phố Hải Phòng cho Bằng khen của Chủ tịch UBND thành phố"
    assert replies[-1].text == f"Đơn vị xác nhận đạt tiêu chuẩn: “{city_standard}” ({city_rule})?"
    replies += [hai_phong.handle(4, answer) for answer in ("Có", "Nhiệm vụ.", "Thành tích.", "/xong")]
    review = replies[-1]
    assert "✅ Đủ điều kiện" in review.text and f"- Đạt: {city_standard} ({city_rule})." in review.text
    assert "(điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng" in review.text  # the Law's own criterion still holds
    replies += [hai_phong.handle(4, answer) for answer in ("Xác nhận", "Hoàn tất")]
    done = replies[-1]
    assert done.finished and missing in done.text
    written = {path.name: docx_text(path) for path in done.files}
    assert ("đạt tiêu chuẩn quy định tại điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng (06/2022/QH15); quy định về "
            "thi đua, khen thưởng của Ủy ban nhân dân thành phố Hải Phòng (Quyết định số …… ngày …… tháng …… năm ……)"
            ) in written["to-trinh.docx"]
    said = "\n".join([*(reply.text for reply in replies), *written.values()])
    for other in ("Bắc Ninh", "86/2025", BAC_NINH_ONLY, "10/12"):
        assert other not in said, other

    bac_ninh = make_nominations(documents, "sqlite://", tmp_path / "bn", province="Bắc Ninh")
    bac_ninh.start(4)
    assert "⚠️" not in run(bac_ninh, 4, BANG_KHEN).text
    asked = run(bac_ninh, 4, *TO_THE_CRITERION)
    assert BAC_NINH_ONLY in asked.text and "Quyết định 86/2025/QĐ-UBND" in asked.text
    national = make_nominations(documents, "sqlite://", tmp_path)
    national.start(5)
    assert "⚠️" not in run(national, 5, "Lao động tiên tiến").text


def test_every_option_fits_in_telegram_callback_data(documents, tmp_path: Path) -> None:
    nominations = make_nominations(documents, "sqlite://", tmp_path)
    for award in CATALOGUE.awards.values():
        session, reply = nominations.wizard.start()
        values = [value for _, value in reply.options]
        session["award"] = award.id
        nominations.wizard.nominee(session)
        session["step"] = "review"
        values += [value for _, value in nominations.wizard.review(session).options]
        assert all(len(f"nom:{value}".encode()) <= 64 for value in values), award.id


def test_a_crash_while_making_documents_loses_nothing(documents, tmp_path: Path) -> None:
    nominations = make_nominations(documents, f"sqlite:///{tmp_path / 'crash.sqlite3'}", tmp_path)
    nominations.start(6)
    run(nominations, 6, *PERSON, "/xong", "Xác nhận")
    real_write = nominations.writer.write

    def broken_write(*args, **kwargs):
        raise OSError("disk full")

    nominations.writer.write = broken_write
    with pytest.raises(OSError):
        nominations.handle(6, "Hoàn tất")
    nominations.writer.write = real_write
    restarted = make_nominations(documents, f"sqlite:///{tmp_path / 'crash.sqlite3'}", tmp_path)
    reply = restarted.handle(6, "Hoàn tất")
    assert reply.finished and len(reply.files) == 4 and all(path.exists() for path in reply.files)


def test_answers_arriving_together_are_all_kept(documents, tmp_path: Path) -> None:
    import threading

    nominations = make_nominations(documents, f"sqlite:///{tmp_path / 'race.sqlite3'}", tmp_path)
    nominations.start(8)
    run(nominations, 8, *START, *NOMINEE[:12])
    parts = [f"Thành tích số {n}." for n in range(8)]
    threads = [threading.Thread(target=nominations.handle, args=(8, part)) for part in parts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _, session = nominations.active(8)
    assert sorted(session["nominees"][0]["achievements"]) == sorted([NOMINEE[11], *parts])


def test_collective_nomination(documents, tmp_path: Path) -> None:
    nominations = make_nominations(documents, "sqlite://", tmp_path)
    nominations.start(9)
    reply = run(nominations, 9, "TTLĐXS", *START[2:])
    assert "Tên tập thể" in reply.text
    reply = run(nominations, 9, "Phòng Tổ chức cán bộ", "0")
    assert reply.text.startswith("⚠️ Số thành viên: hãy nhập một số từ 1")
    reply = run(nominations, 9, "12", "Sở Nội vụ", str(YEAR), f"{YEAR}: hoàn thành xuất sắc", "Không", "Không")
    assert "phần trăm" in reply.text
    reply = run(nominations, 9, "150")
    assert reply.text.startswith("⚠️ Tỷ lệ: hãy nhập một số từ 0 đến 100")
    reply = run(nominations, 9, "80%", "Có", "Có", "Có", "Chưa rõ", "Tham mưu tổ chức bộ máy.",
                "Dẫn đầu khối thi đua của Sở.", "/xong")
    assert "• Tên tập thể: Phòng Tổ chức cán bộ" in reply.text and "• Tỷ lệ đạt Lao động tiên tiến: 80%" in reply.text
    assert "⚠️ Còn thông tin phải bổ sung" in reply.text and "Cần bổ sung: xác nhận của đơn vị" in reply.text
    reply = run(nominations, 9, "sửa confirm:unity", "Có")
    assert "✅ Đủ điều kiện" in reply.text
    reply = run(nominations, 9, "Xác nhận", "Hoàn tất")
    report = next(path for path in reply.files if path.name.startswith("bao-cao"))
    text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in text and "- Tên tập thể: Phòng Tổ chức cán bộ" in text
    assert "- Số thành viên: 12" in text
    # Bắc Ninh's deadline (Điều 6 Quyết định 86/2025/QĐ-UBND) is no deadline for a Hải Phòng unit.
    assert "Thời hạn: theo quy định của Ủy ban nhân dân thành phố Hải Phòng" in reply.text
    assert "10/12" not in reply.text and "86/2025" not in reply.text
