"""The law as in force on a date: an amending law read from its own text (a khoản rewritten, an article added,
another repealed), a declared amendment whose text is missing, and a power transferred by a decree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from bot.assistant import sources_text
from bot.engine.answer import names_actor
from bot.engine.understand import asked_on, understand
from bot.faces.render import render
from bot.lexicon import default_lexicon
from bot.nomination.catalogue import QuestionRules
from ingest.amendments import declared, recognise, transfers
from tests.conftest import index_settings, write

LAW = """---
id: luat-thu
title: Luật Khen thưởng thử
number: 07/2020/QH99
type: luat
issuer: Quốc hội
effective: 2021-01-01
status: in-force
---
# Luật Khen thưởng thử (dữ liệu thử nghiệm)

### Điều 10. Thẩm quyền quyết định tặng danh hiệu thử
1. Thủ trưởng cơ quan chuyên môn thuộc Ủy ban nhân dân cấp tỉnh quyết định tặng danh hiệu “Tập thể thử”, “Lao động thử”.
2. Chủ tịch Ủy ban nhân dân cấp huyện quyết định tặng danh hiệu “Lao động thử” và giấy khen thử.

### Điều 11. Tiền thưởng danh hiệu thử
1. Danh hiệu “Lao động thử” được thưởng 0,3 lần mức lương cơ sở.
2. Danh hiệu “Tập thể thử” được thưởng 0,8 lần mức lương cơ sở.

### Điều 12. Thời hạn nộp hồ sơ danh hiệu thử
Hồ sơ đề nghị tặng danh hiệu “Lao động thử” nộp trước ngày 15 tháng 11 hằng năm.
"""
AMENDING = """---
id: luat-sua-thu
title: Luật sửa đổi, bổ sung một số điều của Luật Khen thưởng thử
number: 09/2030/QH99
type: luat
issuer: Quốc hội
status: in-force
---
# Luật sửa đổi, bổ sung một số điều của Luật Khen thưởng thử

### Điều 1. Sửa đổi, bổ sung một số điều của Luật Khen thưởng thử số 07/2020/QH99
1. Sửa đổi, bổ sung khoản 1 Điều 11 như sau:
“1. Danh hiệu “Lao động thử” được thưởng 0,5 lần mức lương cơ sở.”
2. Bổ sung Điều 11a vào sau Điều 11 như sau:
“Điều 11a. Danh hiệu “Nhà sáng tạo thử”
Danh hiệu “Nhà sáng tạo thử” tặng cho cá nhân có sáng kiến được áp dụng rộng rãi trong toàn ngành thử.”
3. Bãi bỏ Điều 12.

### Điều 2. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2030.
"""
DECREE = """---
id: nd-thu
title: Nghị định phân định thẩm quyền thử
number: 77/2029/NĐ-CP
type: nghi-dinh
issuer: Chính phủ
effective: 2029-07-01
status: in-force
---
# Nghị định phân định thẩm quyền thử

### Điều 5. Thẩm quyền khen thưởng của Chủ tịch Ủy ban nhân dân cấp xã
Thẩm quyền quyết định tặng danh hiệu quy định tại khoản 2 Điều 10 Luật Khen thưởng thử thực hiện như sau:
Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng danh hiệu “Lao động thử” và giấy khen thử.
"""


def body(text: str) -> str:
    return text.split("---\n", 2)[2]


def test_an_amending_law_is_read_from_its_own_instructions() -> None:
    read = recognise(body(AMENDING))
    assert read["target"] == "07/2020/QH99" and read["effective"] == "2030-07-01"
    changes = [(c["action"], c["article"], c["clause"], c["source_article"]) for c in read["changes"]]
    assert changes == [("amend", "11", "1", "1"), ("add", "11a", "", "1"), ("repeal", "12", "", "1")]
    assert read["changes"][0]["text"] == "1. Danh hiệu “Lao động thử” được thưởng 0,5 lần mức lương cơ sở."
    assert read["changes"][1]["title"] == "Danh hiệu “Nhà sáng tạo thử”"
    assert recognise(body(LAW)) is None


def test_a_transfer_of_power_and_a_declared_amendment_are_data() -> None:
    assert transfers(body(DECREE)) == [{"article": "5", "law": "Luật Khen thưởng thử", "targets": [["10", "2"]],
                                        "to": "Chủ tịch Ủy ban nhân dân cấp xã",
                                        "gives": "tặng danh hiệu “Lao động thử” và giấy khen thử."}]
    entry = declared({"amended_by": [{"number": "06/2026/QH16", "title": "Luật sửa đổi",
                                      "effective": dt.date(2026, 10, 1), "articles": "unknown", "text": "missing"}]})
    assert entry == [{"number": "06/2026/QH16", "title": "Luật sửa đổi", "effective": "2026-10-01", "articles": None,
                      "text_missing": True}]
    assert declared({"amended_by": [{"number": "1/2030/QH1", "articles": [80, "khoản 2 Điều 81"]}]})[0]["articles"] \
        == [("80", ""), ("81", "2")]


def test_the_day_a_question_is_about() -> None:
    lexicon = default_lexicon()
    assert asked_on("Năm 2025 ai quyết định tặng?", lexicon) == dt.date(2025, 12, 31)
    assert asked_on("từ ngày 15/3/2026 thì sao, còn năm 2024?", lexicon) == dt.date(2026, 3, 15)
    assert asked_on("tu thang 2/2024 thi sao", lexicon) == dt.date(2024, 2, 29)
    assert asked_on("ai quyết định tặng?", lexicon) is None
    assert asked_on("Tôi sinh năm 1980, công chức phường, ai tặng Lao động tiên tiến?", lexicon) is None


def test_a_commune_or_the_former_district_is_read_once_into_the_understanding() -> None:
    catalogue = QuestionRules.load(Path(__file__).resolve().parents[1] / "knowledge" / "awards")
    assert understand("Công chức phường thì ai quyết định tặng Lao động tiên tiến?", catalogue).local
    assert understand("ubnd cap huyen tang giay khen duoc khong", catalogue).local
    assert not understand("Chính quyền địa phương tặng giấy khen theo quy định nào?", catalogue).local


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    from bot.services import build_engine, run_refresh

    folder = tmp_path_factory.mktemp("in-force")
    for name, text in (("luat-thu.md", LAW), ("luat-sua-thu.md", AMENDING), ("nd-thu.md", DECREE)):
        write(folder / "docs" / name, text)
    settings = index_settings(folder / "data", str(folder / "docs"))
    run_refresh(settings)
    return build_engine(settings)


def test_the_amended_khoan_answers_after_its_date_and_the_old_one_before(engine) -> None:
    after = engine.ask("Năm 2031 danh hiệu Lao động thử được thưởng bao nhiêu?")
    assert after.quote_citation.doc_id == "luat-thu" and "0,5 lần" in after.quote and "0,3" not in after.quote
    assert "0,8 lần" in after.quote  # khoản 2 is not amended
    old = next(w for w in after.warnings if "Lời văn trước ngày 01/07/2030" in w)
    assert "0,3 lần" in old and "09/2030/QH99" in old
    assert any(c.doc_id == "luat-sua-thu" and c.article == "1" for c in after.citations)
    before = engine.ask("Năm 2029 danh hiệu Lao động thử được thưởng bao nhiêu?")
    assert "0,3 lần" in before.quote and "0,5" not in before.quote
    assert any("lời văn trước ngày 01/07/2030" in w and "09/2030/QH99" in w for w in before.warnings)


def test_a_repealed_article_and_an_added_one(engine) -> None:
    repealed = engine.ask("Năm 2031 thời hạn nộp hồ sơ danh hiệu Lao động thử là khi nào?")
    assert repealed.quote_citation.article == "12"
    assert repealed.lead.startswith("Điều 12 Luật Khen thưởng thử 07/2020/QH99 đã bị bãi bỏ từ ngày 01/07/2030")
    assert "Lời văn trước ngày 01/07/2030" in repealed.lead
    in_force = engine.ask("Năm 2029 thời hạn nộp hồ sơ danh hiệu Lao động thử là khi nào?")
    assert "bãi bỏ" not in in_force.lead and any("bị bãi bỏ" in w for w in in_force.warnings)
    added = engine.ask("Năm 2031 danh hiệu Nhà sáng tạo thử tặng cho cá nhân nào?")
    assert added.lead.startswith("Theo Điều 11a Luật Khen thưởng thử 07/2020/QH99 (được bổ sung bởi")
    assert added.quote.startswith("Danh hiệu “Nhà sáng tạo thử” tặng cho cá nhân")
    early = engine.ask("Năm 2029 danh hiệu Nhà sáng tạo thử tặng cho cá nhân nào?")
    assert any("chưa áp dụng cho thời điểm bạn hỏi" in w for w in early.warnings)
    named = engine.ask("Năm 2031 Điều 11a Luật Khen thưởng thử quy định gì?")  # asked by its number
    assert named.covered and named.lead.startswith("Theo Điều 11a Luật Khen thưởng thử 07/2020/QH99")
    assert named.quote.startswith("Danh hiệu “Nhà sáng tạo thử” tặng cho cá nhân")


def test_a_transferred_power_decides_from_its_date(engine) -> None:
    moved = engine.ask("Năm 2030 Chủ tịch Ủy ban nhân dân cấp huyện quyết định tặng danh hiệu nào?")
    assert moved.quote_citation.doc_id == "nd-thu" and moved.quote_citation.article == "5"
    assert "Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng" in moved.lead and "cấp huyện" not in moved.lead
    assert any(c.doc_id == "luat-thu" and c.location == "khoản 2 Điều 10" for c in moved.citations)
    earlier = engine.ask("Năm 2028 Chủ tịch Ủy ban nhân dân cấp huyện quyết định tặng danh hiệu nào?")
    assert earlier.quote_citation.doc_id == "luat-thu" and "cấp huyện quyết định tặng" in earlier.lead


def test_sources_name_the_amendments(engine) -> None:
    text = sources_text(engine.documents)
    assert ("được sửa đổi, bổ sung bởi Luật sửa đổi, bổ sung một số điều của Luật Khen thưởng thử 09/2030/QH99 "
            "(hiệu lực từ 01/07/2030)") in text
    assert "sửa đổi Luật Khen thưởng thử: sửa đổi, bổ sung khoản 1 Điều 11; bổ sung Điều 11a; bãi bỏ Điều 12" in text
    assert "Điều 5: thẩm quyền tại khoản 2 Điều 10 Luật Khen thưởng thử do Chủ tịch Ủy ban nhân dân cấp xã" in text


def test_the_starter_corpus_as_in_force_today(corpus_engine) -> None:
    ward = corpus_engine.ask("Ai có thẩm quyền tặng Lao động tiên tiến cho công chức UBND phường?")
    assert ward.quote_citation.doc_id == "nd-129-2025" and ward.quote_citation.article == "59"
    assert "Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng" in ward.lead
    district = corpus_engine.ask("Chủ tịch UBND cấp huyện quyết định tặng những danh hiệu nào?")
    assert district.quote_citation.doc_id == "nd-129-2025" and "cấp huyện" not in district.lead
    assert any("Lời văn trước ngày 01/07/2025: «2. Chủ tịch Ủy ban nhân dân cấp huyện" in w for w in district.warnings)
    for question in ("Ai có thẩm quyền tặng Lao động tiên tiến cho công chức UBND phường?",
                     "Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở là gì?", "Hồ sơ đề nghị xét tặng danh hiệu thi đua"):
        answer = corpus_engine.ask(question)
        assert any(c.doc_id == "luat-tdkt-2022" for c in answer.citations)
        assert any("06/2026/QH16" in w and "chưa có trong cơ sở tri thức" in w for w in answer.warnings), question


def test_a_post_named_is_a_khoans_actor_only_when_its_title_is_the_actors() -> None:
    """A local question moves to the commune's power unless it names the post that acts in the khoản quoted: the
    former district chair told beside it ("Trước đây là Chủ tịch UBND huyện ký") is not the head of a provincial
    body, however many words of "Ủy ban nhân dân cấp …" they share."""
    heads = ("1. Thủ trưởng cơ quan, tổ chức, đơn vị có tư cách pháp nhân thuộc Bộ, ban, ngành, Thủ trưởng cơ quan "
             "chuyên môn thuộc Ủy ban nhân dân cấp tỉnh và tương đương quyết định tặng danh hiệu “Lao động tiên "
             "tiến” và giấy khen.")
    firms = ("4. Tổng giám đốc, Giám đốc doanh nghiệp, hợp tác xã quyết định tặng danh hiệu “Lao động tiên tiến” và "
             "giấy khen; Chủ tịch Hội đồng quản trị, Chủ tịch Hội đồng thành viên quyết định tặng giấy khen.")
    former = "Bỏ cấp huyện rồi thì Lao động tiên tiến cho giáo viên do ai ký ạ? Trước đây là Chủ tịch UBND huyện ký"
    assert not names_actor(former, heads)
    assert names_actor("Giám đốc doanh nghiệp ở phường có được quyết định tặng giấy khen không?", firms)
    assert names_actor("Thủ trưởng cơ quan chuyên môn thuộc UBND tỉnh có được tặng Lao động tiên tiến không?", heads)


def test_a_question_about_the_missing_amending_law_says_what_is_declared(corpus_engine) -> None:
    answer = corpus_engine.ask("Luật 06/2026/QH16 sửa đổi những gì?")
    assert answer.refused and "Cơ sở tri thức chưa có văn bản 06/2026/QH16" in answer.lead
    assert "có hiệu lực từ ngày 01/10/2026; chưa rõ những điều, khoản được sửa đổi." in answer.lead


def test_what_the_declared_amendment_changes_is_a_plain_gap(corpus_engine) -> None:
    from bot.engine.answer import AmendmentGap

    answer = corpus_engine.ask("Luật Thi đua, khen thưởng sau khi được sửa đổi năm 2026 có những điểm mới gì?")
    assert answer.refused and isinstance(answer.gap, AmendmentGap)
    text = render(answer)
    assert "chưa có văn bản Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng (06/2026/QH16)" in text
    assert "01/10/2026" in text
    # an award's rule asked "under the amended law" is still the loaded text, with its warning
    ruled = corpus_engine.ask("Tiêu chuẩn Chiến sĩ thi đua cơ sở theo Luật Thi đua, khen thưởng sửa đổi là gì?")
    assert ruled.covered and any("06/2026/QH16" in w for w in ruled.warnings)
    # what was changed asked, an award named too: still the plain gap
    changed = corpus_engine.ask("Năm 2026 Quốc hội sửa Luật TĐKT, vậy sửa những điều nào, có bỏ danh hiệu Lao động "
                                "tiên tiến không?")
    assert changed.refused and isinstance(changed.gap, AmendmentGap)
    # the amending text named in one question, what it changed of an award asked in the next: both are the gap
    asked = corpus_engine.ask("Luật số 06/2026/QH16 sửa đổi Luật Thi đua, khen thưởng đã sửa cụ thể những điều nào? "
                              "Có thay đổi tiêu chuẩn Chiến sĩ thi đua cơ sở hay thẩm quyền của Chủ tịch UBND cấp xã "
                              "không?")
    assert asked.refused and all(isinstance(part.gap, AmendmentGap) for part in asked.parts or [asked])
    # one rule asked whether the amendment changed it ("có sửa …"), the amending law told in the story before
    one = corpus_engine.ask("Nghe nói Luật sửa đổi Luật TĐKT năm 2026 có hiệu lực rồi. Luật mới có sửa tiêu chuẩn "
                            "Chiến sĩ thi đua cơ sở không?")
    assert one.refused and isinstance(one.gap, AmendmentGap)
    # "có bỏ danh hiệu …" asks what the amendment changed, and the gap is said once
    both = corpus_engine.ask("Luật sửa đổi Luật Thi đua, khen thưởng năm 2026 sửa những điều nào vậy? Có bỏ danh hiệu "
                             "Chiến sĩ thi đua cơ sở không?")
    assert both.refused and isinstance(both.gap, AmendmentGap)
    assert render(both).count("chưa có văn bản Luật sửa đổi, bổ sung") == 1
    # when it takes effect, asked after what it changed: the gap, which says the day
    when = corpus_engine.ask("Luật thi đua khen thưởng sửa đổi năm 2026 thay đổi những gì, khi nào có hiệu lực?")
    assert isinstance(when.gap, AmendmentGap) and "01/10/2026" in render(when).split("\n")[0]
    # an amendment told of another text ("luật cũ đã sửa đổi năm 2013") is not the declared one asked about
    older = corpus_engine.ask("Luật Thi đua, khen thưởng 2022 thay thế luật cũ đã sửa đổi năm 2013. Tiêu chuẩn Chiến "
                              "sĩ thi đua cơ sở có thay đổi gì không?")
    assert not isinstance(older.gap, AmendmentGap) and older.covered
    # a change asked with no amending text named anywhere is still the texts' own comparison
    compared = corpus_engine.ask("Mức thưởng Chiến sĩ thi đua cơ sở theo Nghị định 152/2025 có thay đổi gì so với "
                                 "Nghị định 98/2023?")
    assert not compared.refused


def test_a_decree_described_by_the_law_it_guides_is_the_document_asked(corpus_engine) -> None:
    # named by number first, the law by its title after: the decree's force is asked, and the newer decree that ends
    # it answers, not the law's own force article
    answer = corpus_engine.ask("NĐ 98/2023/NĐ-CP hướng dẫn Luật Thi đua, khen thưởng hiện còn hiệu lực không ạ?")
    assert answer.statuses[0].name.startswith("Nghị định 98/2023") and not answer.statuses[0].in_force
    assert (answer.quote_citation.doc_id, answer.quote_citation.article) == ("nd-152-2025", "59")
    assert "98/2023/NĐ-CP" in answer.quote


def test_a_superseded_decree_named_for_a_past_time_answers_what_the_catalogue_lacks(corpus_engine) -> None:
    # the catalogue holds the rules in force: of a superseded decree the question names, retrieval in it answers
    then = corpus_engine.ask("Quyết định ký cuối năm 2024, hồi NĐ 98/2023 còn hiệu lực. Hồi đó danh hiệu Nhà giáo "
                             "ưu tú được thưởng bao nhiêu lần lương cơ sở?")
    assert (then.quote_citation.doc_id, then.quote_citation.article) == ("nd-98-2023", "56")
    assert "“ưu tú” là 9,0 lần mức lương cơ sở" in then.quote
    assert any("98/2023/NĐ-CP" in w and "hết hiệu lực" in w for w in then.warnings)
    # a khoản of no điểm is read line by line: the individuals' figure is not the collective's
    collective = corpus_engine.ask("Hồi NĐ 98/2023 còn hiệu lực, tập thể Anh hùng Lao động được thưởng bao nhiêu?")
    assert "15,5 lần" not in collective.lead
    # of any other kind, the decree named is where the answer is, before an article of the Law whose words the
    # question says ("danh hiệu thi đua … là gì" is the Law's definition)
    principles = corpus_engine.ask("Hồi NĐ 98/2023 còn hiệu lực, nguyên tắc xét danh hiệu thi đua là gì?")
    assert principles.quote_citation.doc_id == "nd-98-2023"
    # the decree in force named: the catalogue's gap stands, no other award's figure is quoted for it
    now = corpus_engine.ask("Theo Nghị định 152/2025, danh hiệu Nhà giáo ưu tú được thưởng bao nhiêu?")
    assert now.refused and now.gap is not None


def test_nguon_lists_the_amendment_of_the_law(corpus_engine) -> None:
    assert "06/2026/QH16 (hiệu lực từ 01/10/2026; văn bản chưa có trong cơ sở tri thức" in \
        sources_text(corpus_engine.documents)



def test_who_decides_follows_the_transfer_in_the_wizard_and_its_documents(corpus_engine, tmp_path: Path) -> None:
    from tests.test_nomination import make_nominations, run

    nominations = make_nominations(corpus_engine.documents, "sqlite://", tmp_path)
    nominations.start(7)
    from bot.nomination.steps import SUGGESTED

    ward = ["lao-dong-tien-tien", "can-bo", "Văn phòng HĐND và UBND phường Lê Chân", "Ủy ban nhân dân phường Lê Chân",
            SUGGESTED, SUGGESTED]
    nominee = ["Nguyễn Văn An", "1982", "Nam", "Chuyên viên", "Văn phòng", "2025", "2025: hoàn thành tốt", "Không",
               "Không", "Có", "Tham mưu tổng hợp.", "Số hóa hồ sơ một cửa của phường."]
    reply = run(nominations, 7, *ward, *nominee, "/xong")
    assert reply.text.startswith("Rà soát hồ sơ")
    assert "• Kính gửi: Chủ tịch Ủy ban nhân dân phường Lê Chân (Điều 59 Nghị định 129/2025/NĐ-CP)" in reply.text
    reply = run(nominations, 7, "Xác nhận", "Hoàn tất")
    assert reply.finished
    assert "Thẩm quyền quyết định: Chủ tịch Ủy ban nhân dân cấp xã (Điều 59 Nghị định 129/2025/NĐ-CP)" in reply.text
    texts = [reply.text]
    for path in reply.files:
        document = docx.Document(str(path))
        texts.append("\n".join([p.text for p in document.paragraphs]
                               + [c.text for t in document.tables for row in t.rows for c in row.cells]))
    assert "cấp huyện" not in "\n".join(texts)
    assert any("Chủ tịch Ủy ban nhân dân phường Lê Chân" in text for text in texts[1:])


def test_a_department_keeps_its_own_head_and_a_farmer_s_title_cites_the_transfer(corpus_engine) -> None:
    from bot.nomination.authority import in_force
    from bot.nomination.catalogue import Catalogue
    from tests.conftest import ROOT

    catalogue = Catalogue.load(ROOT / "knowledge" / "awards")
    documents = corpus_engine.documents
    award = catalogue.awards["lao-dong-tien-tien"]
    department = {"unit": "Văn phòng Sở Nội vụ", "parent": "Sở Nội vụ thành phố Hải Phòng"}
    assert in_force(award, documents, department).decides == award.decides
    farmer = award.for_nominee("cong-nhan-nong-dan")
    assert (farmer.decides.cite.doc, farmer.decides.cite.clause) == ("luat-tdkt-2022", "3")
    today = in_force(farmer, documents).decides
    assert (today.cite.doc, today.cite.article, today.level) == ("nd-129-2025", "59", "commune")
    assert in_force(farmer, documents, on=dt.date(2025, 6, 30)).decides == farmer.decides


def test_a_verdict_for_a_wards_staff_names_the_commune_chair(corpus_engine) -> None:
    """Since 1 July 2025 the chair of a commune's or ward's People's Committee decides what the district chair did
    (Điều 59 Nghị định 129/2025): a verdict for a ward's civil servant names that chair; a department's does not."""
    history = "năm 2025 hoàn thành tốt nhiệm vụ, có tinh thần đoàn kết, có được Lao động tiên tiến không?"
    ward = render(corpus_engine.ask(f"Tôi là công chức phường, {history}"))
    assert "Thẩm quyền quyết định: Chủ tịch Ủy ban nhân dân cấp xã" in ward and "Điều 59" in ward
    assert "cấp huyện" not in ward
    department = render(corpus_engine.ask(f"Tôi là chuyên viên Sở Tài chính, {history}"))
    assert "Điều 59" not in department and "cấp huyện" not in department
    # the post's field said between ("công chức Tư pháp - Hộ tịch phường"), or the ward's staff said with "của"
    # or a post only a commune has, named with it ("công chức địa chính xã")
    for told in ("Tôi là công chức Tư pháp - Hộ tịch phường Lê Chân",
                 "Chị Lan là công chức Văn hóa - Xã hội của phường", "Tôi là công chức địa chính xã"):
        reply = render(corpus_engine.ask(f"{told}, {history}"))
        assert "Thẩm quyền quyết định: Chủ tịch Ủy ban nhân dân cấp xã" in reply
    # "xã hội" is no commune
    social = render(corpus_engine.ask(f"Chị là công chức Bảo hiểm xã hội thành phố, {history}"))
    assert "Điều 59" not in social
    # a company's worker: its director decides (khoản 4 Điều 80)
    worker = render(corpus_engine.ask("Anh là công nhân công ty may, năm 2025 lao động sản xuất có hiệu quả, tích cực "
                                      "tham gia phong trào thi đua. Anh có được Lao động tiên tiến không?"))
    assert "Thẩm quyền quyết định: Tổng giám đốc, Giám đốc doanh nghiệp, hợp tác xã (khoản 4 Điều 80" in worker
    assert "Điều 59" not in worker
