"""Every generated document, opened with python-docx: the official format (Nghị định 30/2020/NĐ-CP) and the
parts each document must have, filled from the .docx templates under knowledge/templates."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from bot.nomination.documents import TEMPLATES_DIR, DossierWriter, Entry, proposed_abbreviation, recipient
from bot.nomination.eligibility import Rules
from tests.dossier_cases import CATALOGUE, YEAR, corpus_documents, docx_text

PROFILE = {"org_unit": "Văn phòng Sở Nội vụ", "unit": "Văn phòng Sở Nội vụ",
           "org_parent": "Sở Nội vụ thành phố Hải Phòng", "parent": "Sở Nội vụ thành phố Hải Phòng"}
NATION, MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"


def person(name: str, gender: str, **facts) -> dict:
    return {"name": name, "birth_year": 1985, "gender": gender, "position": "Chuyên viên", "unit": "Phòng Tổ chức",
            "year": YEAR, "duties": ["Tham mưu công tác tổ chức."], "achievements": [f"Thành tích của {name}."],
            "facts": {"confirm": {"spirit": True}, "ratings": {str(YEAR): "tot"}, "discipline": False,
                      "titles": {str(YEAR - 1): ["lao-dong-tien-tien"]}, **facts}}


def entries_for(award, *nominees: dict) -> list[Entry]:
    rules = Rules(CATALOGUE, corpus_documents())
    return [Entry(nominee, rules.evaluate(award, {**nominee["facts"], "year": nominee["year"]}))
            for nominee in nominees]


@pytest.fixture()
def writer() -> DossierWriter:
    return DossierWriter(CATALOGUE, corpus_documents(), "Hải Phòng")


@pytest.fixture()
def individual_dossier(writer: DossierWriter, tmp_path: Path) -> dict[str, Path]:
    award = CATALOGUE.awards["lao-dong-tien-tien"].for_nominee("can-bo")
    entries = entries_for(award, person("Nguyễn Văn An", "Nam"), person("Lê Thị Hoa", "Nữ"))
    files = writer.write({"profile": PROFILE}, award, entries, tmp_path / "ca-nhan")
    return {path.name: path for path in files}


def paragraphs_everywhere(document) -> list:
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += cell.paragraphs
    return found


def assert_official_format(path: Path, place: str = "Hải Phòng") -> None:
    document = docx.Document(str(path))
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1), path
        for margin, low, high in ((section.top_margin, 20, 25), (section.bottom_margin, 20, 25),
                                  (section.left_margin, 30, 35), (section.right_margin, 15, 20)):
            # Word keeps margins in twentieths of a point: 15 mm is stored as 14.99 mm.
            assert Mm(low - 0.05) <= margin <= Mm(high + 0.05), (path.name, margin.mm)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(13)
    # Nghị định 30/2020/NĐ-CP: Quốc hiệu 12-13, Nơi nhận 12 and its lines 11, the rest 13-14.
    smaller = {NATION: Pt(12), "Nơi nhận:": Pt(12), "- Như trên;": Pt(11)}
    for paragraph in paragraphs_everywhere(document):
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman"), (path.name, run.text)
            size = run.font.size or normal.font.size
            low = smaller.get(run.text, Pt(11) if run.text.startswith("- Lưu:") else Pt(13))
            assert low <= size <= Pt(14), (path.name, run.text, size.pt)
    text = docx_text(path)
    assert "{{" not in text and "{%" not in text, path.name
    assert NATION in text and MOTTO in text
    motto = next(p for p in paragraphs_everywhere(document) if p.text == MOTTO)
    # The Tiêu ngữ's line is an underline of its words: a paragraph border between indents would wrap it.
    assert all(run.underline for run in motto.runs), "the Tiêu ngữ is not underlined"
    assert motto._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is None and not motto.paragraph_format.left_indent
    assert f"{place}, ngày …… tháng …… năm ……" in text


def assert_issuer_header(path: Path, parent: str, unit: str) -> None:
    header = docx.Document(str(path)).tables[0].rows[0].cells[0]
    lines = [p.text for p in header.paragraphs]
    assert lines[:2] == [parent.upper(), unit.upper()], lines
    assert header.paragraphs[1].runs[0].bold


def test_every_template_is_a_plain_docx_the_script_recreates(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_templates", TEMPLATES_DIR / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.main(tmp_path)
    assert {path.name for path in fresh} == {path.name for path in TEMPLATES_DIR.glob("*.docx")}
    for path in fresh:
        assert docx_text(path) == docx_text(TEMPLATES_DIR / path.name), f"{path.name} differs from make_templates.py"


def test_submission(individual_dossier: dict[str, Path]) -> None:
    path = individual_dossier["to-trinh.docx"]
    assert_official_format(path)
    assert_issuer_header(path, "Sở Nội vụ thành phố Hải Phòng", "Văn phòng Sở Nội vụ")
    text = docx_text(path)
    assert "Số: ……/TTr-……" in text  # no ký hiệu configured: a blank, never initials
    assert "TỜ TRÌNH\nVề việc đề nghị tặng danh hiệu “Lao động tiên tiến” năm" in text
    assert "Kính gửi: Giám đốc Sở Nội vụ thành phố Hải Phòng" in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp" in text
    assert "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng Văn phòng Sở Nội vụ ngày …… tháng …… năm ……" in text
    assert "cho 02 cá nhân, gồm:\n1. Ông Nguyễn Văn An, Chuyên viên, Phòng Tổ chức;\n2. Bà Lê Thị Hoa" in text
    assert "điểm a, b khoản 1 Điều 24 Luật Thi đua, khen thưởng" in text and "khoản 1 Điều 80" in text
    assert "kính trình Giám đốc Sở Nội vụ thành phố Hải Phòng xem xét, quyết định./." in text
    signature = docx.Document(str(path)).tables[-1].rows[0].cells
    assert [p.text for p in signature[0].paragraphs] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, …….",]
    right = [p.text for p in signature[1].paragraphs]
    assert right[0] == "CHÁNH VĂN PHÒNG" and "Nơi nhận" not in "".join(right)


def test_listing_for_several_nominees(individual_dossier: dict[str, Path]) -> None:
    path = individual_dossier["danh-sach.docx"]
    assert_official_format(path)
    assert_issuer_header(path, "Sở Nội vụ thành phố Hải Phòng", "Văn phòng Sở Nội vụ")
    text = docx_text(path)
    assert "(Kèm theo Tờ trình số ……/TTr-…… ngày …… tháng …… năm …… của Văn phòng Sở Nội vụ)" in text
    rows = [[c.text for c in row.cells] for row in docx.Document(str(path)).tables[1].rows]
    assert rows[0] == ["STT", "Họ và tên", "Giới tính", "Năm sinh", "Chức vụ, đơn vị công tác", "Ghi chú"]
    assert rows[1][:4] == ["1", "Nguyễn Văn An", "Nam", "1985"] and rows[2][:3] == ["2", "Lê Thị Hoa", "Nữ"]
    assert "Danh sách có 02 cá nhân./." in text


def test_minutes_of_the_council(individual_dossier: dict[str, Path]) -> None:
    path = individual_dossier["bien-ban-hop-hoi-dong.docx"]
    assert_official_format(path)
    text = docx_text(path)
    assert "BIÊN BẢN\nHọp Hội đồng Thi đua - Khen thưởng Văn phòng Sở Nội vụ" in text
    for part in ("Thời gian: …… giờ", "Địa điểm:", "Thành phần:", "NỘI DUNG", "bỏ phiếu kín", "4. Kết luận",
                 "THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"):
        assert part in text, part
    assert "1 | Nguyễn Văn An | Chuyên viên, Phòng Tổ chức | ……/……" in text


def test_individual_report_has_the_standard_sections(individual_dossier: dict[str, Path]) -> None:
    path = individual_dossier["bao-cao-thanh-tich-nguyen-van-an.docx"]
    assert_official_format(path)
    text = docx_text(path)
    for part in ("BÁO CÁO THÀNH TÍCH", "I. SƠ LƯỢC LÝ LỊCH", "Sinh ngày …… tháng …… năm 1985", "Quê quán: ……",
                 "Trú quán: ……", "Trình độ chuyên môn, nghiệp vụ: ……", "II. THÀNH TÍCH ĐẠT ĐƯỢC",
                 "1. Quyền hạn, nhiệm vụ được giao (đặc điểm nhiệm vụ)\nTham mưu công tác tổ chức.",
                 "2. Thành tích đạt được\nThành tích của Nguyễn Văn An.", "hoàn thành tốt nhiệm vụ",
                 "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", "1. Danh hiệu thi đua", "2. Hình thức khen thưởng",
                 f"{YEAR - 1} | Danh hiệu “Lao động tiên tiến” | Quyết định số ……",
                 "NGƯỜI BÁO CÁO THÀNH TÍCH", "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ"):
        assert part in text, part


def test_collective_report_is_signed_by_its_head(writer: DossierWriter, tmp_path: Path) -> None:
    award = CATALOGUE.awards["tap-the-lao-dong-xuat-sac"]
    collective = {"collective_name": "Phòng Tổ chức cán bộ", "collective_size": 12, "unit": "Sở Nội vụ", "year": YEAR,
                  "duties": ["Tham mưu về tổ chức bộ máy."], "achievements": ["Dẫn đầu khối thi đua."],
                  "facts": {"ratings": {str(YEAR): "xuat-sac"}, "titles": {}, "discipline": False, "confirm": {}}}
    files = {p.name: p for p in writer.write({"profile": PROFILE}, award, entries_for(award, collective), tmp_path)}
    report = files["bao-cao-thanh-tich-phong-to-chuc-can-bo.docx"]
    assert_official_format(report)
    assert_issuer_header(report, "Sở Nội vụ", "Phòng Tổ chức cán bộ")
    text = docx_text(report)
    for part in ("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", "1. Đặc điểm, tình hình", "Số thành viên: 12",
                 "2. Chức năng, nhiệm vụ được giao (đặc điểm nhiệm vụ)\nTham mưu về tổ chức bộ máy.",
                 "II. THÀNH TÍCH ĐẠT ĐƯỢC\nDẫn đầu khối thi đua.", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
                 "TRƯỞNG PHÒNG", "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG"):
        assert part in text, part
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" not in text
    submission = docx_text(files["to-trinh.docx"])
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in submission
    assert "cho 01 tập thể" in submission
    assert "86/2025/QĐ-UBND" not in submission  # Bắc Ninh's regulation is no basis for a Hải Phòng unit
    listing = docx.Document(str(files["danh-sach.docx"])).tables[1].rows
    assert [c.text for c in listing[0].cells] == ["STT", "Tên tập thể", "Số thành viên", "Đơn vị cấp trên trực tiếp",
                                                  "Ghi chú"]
    for path in files.values():
        assert_official_format(path)


def test_household_report(writer: DossierWriter, tmp_path: Path) -> None:
    award = CATALOGUE.awards["giay-khen"].for_nominee("ho-gia-dinh")
    household = {"household_head": "Nguyễn Văn Hộ", "gender": "Nam", "address": "Thôn Đông, xã An Hưng",
                 "year": YEAR, "duties": ["Làm nông nghiệp."], "achievements": ["Hiến đất làm đường."],
                 "facts": {"titles": {}, "discipline": False, "confirm": {"exemplary": True, "contribution": True}}}
    profile = {"unit": "Thôn Đông", "parent": "Ủy ban nhân dân xã An Hưng"}
    files = {p.name: p for p in writer.write({"profile": profile}, award, entries_for(award, household), tmp_path)}
    for path in files.values():
        assert_official_format(path, "An Hưng")  # the commune's địa danh, not the city's
    # A thôn has no Hội đồng Thi đua - Khen thưởng and no seal: a bình xét meeting, its head signs.
    for name in ("to-trinh.docx", "bien-ban-hop-hoi-dong.docx", "danh-sach.docx"):
        written = docx_text(files[name])
        assert "Hội đồng" not in written and "HĐTĐKT" not in written and "đóng dấu" not in written, name
    assert "Căn cứ Biên bản họp bình xét thi đua, khen thưởng Thôn Đông ngày" in docx_text(files["to-trinh.docx"])
    minutes = docx_text(files["bien-ban-hop-hoi-dong.docx"])
    assert "Họp bình xét thi đua, khen thưởng Thôn Đông" in minutes and "CHỦ TRÌ" in minutes
    text = docx_text(files["bao-cao-thanh-tich-ho-gia-dinh-ong-nguyen-van-ho.docx"])
    for part in ("I. SƠ LƯỢC VỀ HỘ GIA ĐÌNH", "Họ và tên chủ hộ: Nguyễn Văn Hộ", "II. THÀNH TÍCH ĐẠT ĐƯỢC",
                 "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", "CHỦ HỘ", "XÁC NHẬN CỦA ỦY BAN NHÂN DÂN CẤP XÃ"):
        assert part in text, part
    submission = docx_text(files["to-trinh.docx"])
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân xã An Hưng" in submission
    # The criteria come from Bắc Ninh's regulation: a Hải Phòng dossier points to Hải Phòng's own instead.
    assert "quy định về thi đua, khen thưởng của Ủy ban nhân dân thành phố Hải Phòng (Quyết định số ……" in submission
    assert "khoản 3 Điều 80 Luật Thi đua, khen thưởng" in submission
    assert all("86/2025" not in docx_text(path) for path in files.values())


def test_review_sheet_is_marked_and_is_no_proposal(writer: DossierWriter, tmp_path: Path) -> None:
    award = CATALOGUE.awards["chien-si-thi-dua-co-so"]
    weak = person("Lê Thị Hoa", "Nữ", initiative="khong")
    entries = [Entry(entry.nominee, entry.verdict, "reject") for entry in entries_for(award, weak)]
    path = writer.review_sheet({"profile": PROFILE}, award, entries, tmp_path)
    assert_official_format(path)
    text = docx_text(path)
    assert "PHIẾU RÀ SOÁT HỒ SƠ" in text and "KHÔNG ĐỀ NGHỊ" in text and "khoản 2 Điều 23" in text
    assert "Kính gửi" not in text and "TỜ TRÌNH" not in text
    assert "☐ Biên bản bình xét thi đua (điểm c khoản 1 Điều 84" in text


def test_the_authority_follows_the_award_the_nominee_and_the_province() -> None:
    unit = {"unit": "Phòng Nội vụ", "parent": "Ủy ban nhân dân phường Hồng Bàng"}
    assert recipient("unit", unit, "Hải Phòng") == "Chủ tịch Ủy ban nhân dân phường Hồng Bàng"
    assert recipient("commune", unit, "Hải Phòng") == "Chủ tịch Ủy ban nhân dân phường Hồng Bàng"
    assert recipient("commune", PROFILE, "Hải Phòng") == "Chủ tịch Ủy ban nhân dân xã (phường) ……"
    assert recipient("province", PROFILE, "Hải Phòng") == "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"
    assert recipient("province", PROFILE, "Bắc Ninh") == "Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh"
    assert recipient("unit", PROFILE, "Hải Phòng") == "Giám đốc Sở Nội vụ thành phố Hải Phòng"
    department = {"unit": "Sở Y tế", "parent": "Ủy ban nhân dân thành phố Hải Phòng"}
    assert recipient("unit", department, "Hải Phòng") == "Giám đốc Sở Y tế"
    assert recipient("province", department, "Hải Phòng") == "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"
    farmer = CATALOGUE.awards["lao-dong-tien-tien"].for_nominee("cong-nhan-nong-dan")
    assert (farmer.decides.level, farmer.decides.cite.clause) == ("commune", "3")
    assert [rule.cite.clause for rule in farmer.criteria] == ["3", "3"]
    civil = CATALOGUE.awards["lao-dong-tien-tien"].for_nominee("can-bo")
    assert (civil.decides.level, civil.decides.cite.clause) == ("unit", "1")
    assert CATALOGUE.awards["chien-si-thi-dua-toan-quoc"].decides.level == "government"


def test_the_provinces_own_regulation_is_a_basis_there(tmp_path: Path) -> None:
    writer = DossierWriter(CATALOGUE, corpus_documents(), "Bắc Ninh")
    basis = writer.basis(CATALOGUE.awards["tap-the-lao-dong-xuat-sac"], {"unit": "Sở Y tế"})
    assert basis[2] == ("Căn cứ Quyết định số 86/2025/QĐ-UBND ngày 03 tháng 12 năm 2025 của Ủy ban nhân dân tỉnh "
                        "Bắc Ninh ban hành Quy định về công tác thi đua, khen thưởng tỉnh Bắc Ninh;")
    assert basis[-1].startswith("Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng Sở Y tế")
    offline = DossierWriter(CATALOGUE, {}, "Bắc Ninh").basis(CATALOGUE.awards["lao-dong-tien-tien"], {})
    assert offline[0] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"


def test_a_unit_that_decides_is_never_addressed_by_itself(writer: DossierWriter, tmp_path: Path) -> None:
    """A Sở deciding Lao động tiên tiến itself (khoản 1 Điều 80): its Hội đồng Thi đua - Khen thưởng proposes to its
    Giám đốc; the same Sở proposing a Bằng khen writes to the city's chairman itself."""
    department = {"unit": "Sở Nội vụ", "parent": "Ủy ban nhân dân thành phố Hải Phòng", "abbreviation": "SNV"}
    award = CATALOGUE.awards["lao-dong-tien-tien"].for_nominee("can-bo")
    files = {p.name: p for p in writer.write({"profile": department}, award,
                                             entries_for(award, person("Nguyễn Văn An", "Nam")), tmp_path / "ldtt")}
    submission = docx_text(files["to-trinh.docx"])
    assert submission.startswith("SỞ NỘI VỤ\nHỘI ĐỒNG THI ĐUA - KHEN THƯỞNG\n") and "Số: ……/TTr-HĐTĐKT" in submission
    assert "Kính gửi: Giám đốc Sở Nội vụ" in submission
    assert "Hội đồng Thi đua - Khen thưởng Sở Nội vụ kính đề nghị Giám đốc Sở Nội vụ" in submission
    assert "TM. HỘI ĐỒNG" in submission and "\nGIÁM ĐỐC\n" not in submission
    provincial = CATALOGUE.awards["bang-khen-chu-tich-ubnd-tinh"]
    files = {p.name: p for p in writer.write({"profile": department}, provincial,
                                             entries_for(provincial, person("Lê Thị Hoa", "Nữ")), tmp_path / "bk")}
    submission = docx_text(files["to-trinh.docx"])
    assert submission.startswith("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG\nSỞ NỘI VỤ\n")
    assert "Số: ……/TTr-SNV" in submission and "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hải Phòng" in submission
    assert "GIÁM ĐỐC" in submission


@pytest.mark.parametrize(("unit", "proposed"), [
    ("Sở Giáo dục và Đào tạo thành phố Hải Phòng", "SGDĐT"), ("Sở Nội vụ", "SNV"), ("Trường THCS Lê Lợi", "TTHCSLL"),
    ("Ủy ban nhân dân xã An Hưng", "UBND"), ("Thôn Đông Tác", "TĐT"), ("Đội 3", "Đ3"), ("!!!", ""),
])
def test_a_ky_hieu_is_proposed_from_the_units_name(unit: str, proposed: str) -> None:
    """Offered in the wizard for the user to take or change (the documents print only what the user took)."""
    assert proposed_abbreviation(unit) == proposed
