"""Reading a person's history from free text into the wizard's facts (bot/nomination/history.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nomination.catalogue import Catalogue
from bot.nomination.history import is_eligibility_question, read_history
from tests.conftest import ROOT

CATALOGUE = Catalogue.load(ROOT / "knowledge" / "awards")
TODAY = date(2026, 11, 25)
CSTDCS = "chien-si-thi-dua-co-so"


def read(text: str):
    return read_history(text, CATALOGUE, TODAY)


def test_the_issue_example_years_titles_scope_and_the_award_asked() -> None:
    history = read("Tôi được Chiến sĩ thi đua cơ sở năm 2021, 2022 và 2024, có sáng kiến cấp tỉnh, "
                   "có được xét chiến sĩ thi đua tỉnh không?")
    assert history.award.id == "chien-si-thi-dua-cap-tinh"
    assert history.facts["titles"] == {"2021": [CSTDCS], "2022": [CSTDCS], "2024": [CSTDCS]}
    assert history.facts["initiative"] == "tinh"
    assert history.facts["year"] == 2024
    # Nothing was said about ratings, discipline or maternity: they stay unknown.
    assert not {"ratings", "discipline", "maternity"} & set(history.facts)


def test_unaccented_text_reads_the_same() -> None:
    accented = read("Tôi đạt chiến sĩ thi đua cơ sở năm 2022, 2023, 2024, sáng kiến áp dụng trong toàn thành phố, "
                    "có được chiến sĩ thi đua thành phố không?")
    plain = read("toi dat chien si thi dua co so nam 2022, 2023, 2024, sang kien ap dung trong toan thanh pho, "
                 "co duoc chien si thi dua thanh pho khong?")
    assert accented.facts == plain.facts and accented.award.id == plain.award.id == "chien-si-thi-dua-cap-tinh"
    assert plain.facts["initiative"] == "tinh"  # "áp dụng trong toàn thành phố" is the provincial scope


@pytest.mark.parametrize(("text", "years"), [
    ("Tôi đạt CSTĐCS năm học 2022-2023 và năm học 2023-2024. Có được bằng khen tỉnh không?", ["2023", "2024"]),
    ("Tôi đạt CSTĐCS 3 năm liền (đến 2025), có được CSTĐ tỉnh không?", ["2023", "2024", "2025"]),
    ("Tôi đạt CSTĐCS 03 lần liên tục, có được CSTĐ tỉnh năm 2025 không?", ["2023", "2024", "2025"]),
    ("Tôi đạt CSTĐCS từ 2021 đến 2023, có được CSTĐ tỉnh không?", ["2021", "2022", "2023"]),
    ("Năm 2023, 2024 tôi được chiến sỹ thi đua cơ sở. Có được bằng khen tỉnh không?", ["2023", "2024"]),
    ("toi dat cstdcs 2022 2023 2024, co duoc cstd tinh khong", ["2022", "2023", "2024"]),
    ("Tôi đạt CSTĐCS ba năm vừa qua, có được CSTĐ tỉnh năm 2025 không?", ["2023", "2024", "2025"]),
])
def test_years_as_people_write_them(text: str, years: list[str]) -> None:
    assert sorted(read(text).facts["titles"]) == years


def test_since_then_and_counts_without_years() -> None:
    history = read("Tôi được bằng khen của tỉnh năm 2020, từ đó đều hoàn thành tốt nhiệm vụ, có 3 lần CSTĐCS, "
                   "đủ điều kiện Bằng khen Thủ tướng chưa?")
    facts = history.facts
    assert history.award.id == "bang-khen-thu-tuong"
    assert facts["titles"] == {"2020": ["bang-khen-chu-tich-ubnd-tinh"]}
    assert sorted(facts["ratings"]) == [str(y) for y in range(2021, TODAY.year + 1)]
    assert set(facts["ratings"].values()) == {"tot"}
    assert facts["title_counts"] == {CSTDCS: 3}
    assert facts["year"] == TODAY.year


def test_ratings_are_given_to_their_own_years() -> None:
    facts = read("2022 tôi hoàn thành tốt, 2023 và 2024 hoàn thành xuất sắc nhiệm vụ, năm 2025 không hoàn thành "
                 "nhiệm vụ. Có được bằng khen tỉnh không?").facts
    assert facts["ratings"] == {"2022": "tot", "2023": "xuat-sac", "2024": "xuat-sac", "2025": "khong"}
    # A rating without a year is the nomination year's.
    assert read("Tôi hoàn thành xuất sắc nhiệm vụ năm 2025, có được CSTĐCS không?").facts["ratings"] == {
        "2025": "xuat-sac"}


@pytest.mark.parametrize(("text", "scope"), [
    ("có sáng kiến được áp dụng trong toàn quốc", "toan-quoc"),
    ("có đề tài khoa học cấp bộ đã nghiệm thu", "tinh"),
    ("sáng kiến được Hội đồng sáng kiến cơ sở công nhận", "co-so"),
    ("sang kien cap truong", "co-so"),
    ("không có sáng kiến nào", "khong"),
    # its reach told after what was done with it ("đã nghiệm thu, áp dụng hiệu quả, …")
    ("có công trình khoa học đã nghiệm thu, áp dụng hiệu quả, có phạm vi ảnh hưởng trong toàn quốc", "toan-quoc"),
    # a clause that denies a reach does not give it ("…, chưa có xác nhận gì về phạm vi …")
    ("có đề tài cấp thành phố đã nghiệm thu, chưa có xác nhận gì về phạm vi ảnh hưởng toàn quốc", "tinh"),
    ("có sáng kiến cấp cơ sở, không có khả năng nhân rộng trong toàn quốc", "co-so"),
])
def test_initiative_scope_in_words(text: str, scope: str) -> None:
    assert read(f"Năm 2025 tôi {text}, có được CSTĐCS không?").facts["initiative"] == scope


def test_whether_it_may_be_reached_asks_a_verdict() -> None:
    """"… liệu có đạt không?" after the award proposed asks a verdict on it."""
    assert is_eligibility_question("Ông Dũng có 2 lần Chiến sĩ thi đua thành phố (2022 và 2025). Công ty định đề "
                                   "nghị ông danh hiệu Chiến sĩ thi đua toàn quốc, liệu có đạt không?", CATALOGUE)


def test_enough_to_propose_asks_a_verdict() -> None:
    """"… đã đủ để trình CSTĐ thành phố chưa?" asks a verdict on the award named after it; a rule asked is none."""
    assert is_eligibility_question("Trưởng phòng của sở mình đạt CSTĐCS 3 năm liền 2023, 2024, 2025. Vậy đã đủ để "
                                   "trình CSTĐ thành phố chưa ạ?", CATALOGUE)
    assert not is_eligibility_question("Bao nhiêu sáng kiến thì đủ để xét CSTĐ cấp tỉnh?", CATALOGUE)
    # a rate asked is a question of the rule's figure, not a verdict on the story
    assert not is_eligibility_question("Hội đồng cơ quan em họp xét CSTĐCS năm 2025. Phải đạt bao nhiêu % phiếu đồng ý "
                                       "mới được đề nghị CSTĐCS?", CATALOGUE)


def test_who_decides_asked_after_the_yes_no_still_asks_a_verdict() -> None:
    """"… có được LĐTT không, ai quyết định?": the verdict says who decides itself; another question after the
    yes/no ("…, hồ sơ gồm những gì?"), or who decides asked before it, is no verdict."""
    story = "Anh Tuấn là công nhân ở một công ty TNHH, năm 2025 làm vượt định mức, chấp hành tốt pháp luật. "
    assert is_eligibility_question(f"{story}Anh ấy có được LĐTT không, ai quyết định?", CATALOGUE)
    assert is_eligibility_question(f"{story}Anh ấy có được LĐTT không, ai ký quyết định?", CATALOGUE)
    assert not is_eligibility_question(f"{story}Anh ấy có được LĐTT không, hồ sơ gồm những gì?", CATALOGUE)
    assert not is_eligibility_question(f"{story}Ai quyết định tặng LĐTT, có được ủy quyền không?", CATALOGUE)
    assert not is_eligibility_question(f"{story}Anh ấy có được thưởng tiền không?", CATALOGUE)


def test_initiative_without_scope_is_a_lower_bound_and_counts_are_read() -> None:
    facts = read("Tôi có 2 sáng kiến được công nhận, có được bằng khen tỉnh không?").facts
    assert "initiative" not in facts and facts["initiative_at_least"] == "co-so" and facts["initiative_count"] == 2


@pytest.mark.parametrize(("text", "pending"), [
    ("Tôi đang bị xem xét kỷ luật", True),
    ("Tôi đang bị thanh tra do có đơn thư tố cáo", True),
    ("dang bi kiem tra", True),
    ("Tôi không bị kỷ luật, không bị thanh tra", False),
    ("Tôi chưa từng bị kỷ luật", False),
    # words between "đang" and the matter: the window, not a phrase list
    ("Hiện tôi đang bị Sở xem xét hình thức kỷ luật", True),
    ("dang trong qua trinh xac minh don thu lien quan den toi", True),
    ("Tôi đang công tác ở phòng thanh tra, không bị kỷ luật", False),
])
def test_pending_discipline_or_inspection(text: str, pending: bool) -> None:
    assert read(f"{text}. Năm 2025 tôi hoàn thành tốt nhiệm vụ, có được LĐTT không?").facts["discipline"] is pending


@pytest.mark.parametrize(("text", "level"), [
    ("Năm 2025 tôi chỉ hoàn thành nhiệm vụ, không phải hoàn thành tốt nhiệm vụ", "hoan-thanh"),
    ("nam 2025 e dc danh gia hoan thanh nv chu chua dat htt", "hoan-thanh"),
])
def test_a_rating_denied_is_not_the_rating_told(text: str, level: str) -> None:
    assert read(f"{text}, có được Lao động tiên tiến không?").facts["ratings"] == {"2025": level}


@pytest.mark.parametrize("text", [
    "Công ty tư nhân nên năm 2025 không có đánh giá kiểu HTTNV như cơ quan nhà nước",
    "Năm 2025 tôi chưa được xếp loại mức hoàn thành tốt nhiệm vụ",
])
def test_a_rating_denied_after_the_words_naming_a_rating_is_no_rating(text: str) -> None:
    assert "ratings" not in read(f"{text}, có được Lao động tiên tiến không?").facts


def test_a_penalty_told_after_ongoing_words_is_past_not_pending() -> None:
    facts = read("Em công tác từ 2015, đang là giáo viên bị kỷ luật khiển trách năm 2019. Năm 2024 em HTXSNV, có "
                 "sáng kiến cấp cơ sở. Em có được CSTĐCS không?").facts
    assert facts.get("discipline") is not True and facts["disciplined_in"] == 2019


def test_past_discipline_is_not_pending() -> None:
    facts = read("Tôi bị kỷ luật khiển trách năm 2023, đã chấp hành xong. Có được CSTĐCS năm 2025 không?").facts
    assert facts["disciplined_in"] == 2023 and "discipline" not in facts


def test_a_penalty_dated_by_month_and_a_served_penalty_in_the_history() -> None:
    """"tháng 3/2025" dates a penalty as well as "năm 2025"; the history's "đã hết thời hạn kỷ luật" does not
    make the question one about deadlines."""
    text = ("Anh Hùng bị kỷ luật khiển trách tháng 3/2025, đến tháng 12/2025 đã hết thời hạn kỷ luật. Năm 2025 anh "
            "Hùng có được bình xét Lao động tiên tiến không?")
    assert read(text).facts["disciplined_in"] == 2025
    assert read("Tôi bị cảnh cáo 02/2024. Có được CSTĐCS năm 2025 không?").facts["disciplined_in"] == 2024
    assert is_eligibility_question(text, CATALOGUE)
    assert not is_eligibility_question("Tôi đạt LĐTT năm 2025, thời hạn nộp hồ sơ đề nghị CSTĐCS là khi nào, có "
                                       "được đề nghị không?", CATALOGUE)


def test_a_form_asked_for_is_no_verdict_asked() -> None:
    assert not is_eligibility_question("Năm 2025 em làm hồ sơ đề nghị Chiến sĩ thi đua cơ sở thì báo cáo thành tích "
                                       "theo mẫu số mấy, gửi em file mẫu được không?", CATALOGUE)
    assert is_eligibility_question("Năm 2025 em hoàn thành xuất sắc nhiệm vụ, có được đề nghị Chiến sĩ thi đua cơ "
                                   "sở không?", CATALOGUE)


def test_a_pending_discipline_in_the_decrees_own_words() -> None:
    told = read("Đồng chí Hà năm 2025 hoàn thành xuất sắc nhiệm vụ nhưng đang trong thời gian cơ quan có thẩm quyền "
                "xem xét thi hành kỷ luật. Có đề nghị Chiến sĩ thi đua cơ sở được không?")
    assert told.facts["discipline"] is True
    cleared = read("Năm 2025 chị Lan hoàn thành xuất sắc nhiệm vụ, không trong thời gian cơ quan có thẩm quyền đang "
                   "xem xét thi hành kỷ luật. Chị có được Chiến sĩ thi đua cơ sở không?")
    assert cleared.facts.get("discipline") is not True


def test_an_award_held_with_its_years_named_again_in_the_question_is_a_condition_of_the_one_proposed() -> None:
    told = read("Thầy được Chiến sĩ thi đua cơ sở các năm 2021, 2023 và 2025. Năm 2026 trường muốn đề nghị Bằng khen "
                "của Thủ tướng Chính phủ cho thầy. Chiến sĩ thi đua cơ sở không liên tục thì có được tính không, thầy "
                "đủ điều kiện chưa?")
    assert told.award.id == "bang-khen-thu-tuong"
    # asked with a question word of its own, the award held before is the one asked about
    again = read("Trường muốn đề nghị Bằng khen của Thủ tướng Chính phủ cho thầy. Thầy được Chiến sĩ thi đua cơ sở năm "
                 "2023, 2024. Năm 2025 thầy có được xét Chiến sĩ thi đua cơ sở không?")
    assert again.award.id == "chien-si-thi-dua-co-so"


def test_maternity_leave_and_its_year() -> None:
    assert read("Năm nay tôi nghỉ thai sản 6 tháng, có được LĐTT không?").facts["maternity"] == [TODAY.year]
    assert read("Tôi nghỉ thai sản năm 2024, có được LĐTT năm 2025 không?").facts["maternity"] == [2024]


@pytest.mark.parametrize(("text", "kind"), [
    ("Tôi là công chức", "can-bo"),
    ("Em là giáo viên tiểu học", "can-bo"),
    ("Tôi là lao động hợp đồng", "nguoi-lao-dong"),
    ("Tôi là nông dân", "cong-nhan-nong-dan"),
    ("Tôi ", ""),
    # a kind denied is not the nominee's, nor what the denial lists on with
    ("Bác không phải cán bộ, công chức gì, làm nghề nuôi ngao", "cong-nhan-nong-dan"),
    ("Bác không phải cán bộ hay công chức", ""),
    ("Em là công chức, không phải viên chức", "can-bo"),
    ("Em không phải là giáo viên, em là nông dân", "cong-nhan-nong-dan"),
])
def test_who_the_nominee_is(text: str, kind: str) -> None:
    history = read(f"{text}, năm 2025 hoàn thành tốt nhiệm vụ, có được lao động tiên tiến không?")
    assert history.nominee_kind == kind
    assert history.facts.get("nominee_kind", "") == kind


def test_a_collective_and_its_members() -> None:
    history = read("Phòng tôi năm 2025 hoàn thành xuất sắc nhiệm vụ, 100% cá nhân hoàn thành nhiệm vụ, 80% đạt "
                   "lao động tiên tiến, có 2 người đạt CSTĐCS, không ai bị kỷ luật. Phòng có đủ điều kiện tập thể "
                   "lao động xuất sắc không?")
    facts = history.facts
    assert history.award.id == "tap-the-lao-dong-xuat-sac" and facts["nominee_kind"] == "tap-the"
    assert facts["ratings"] == {"2025": "xuat-sac"}
    assert facts["member_share"] == {"lao-dong-tien-tien": 80}
    assert facts["member_titles"] == {CSTDCS: True}
    assert facts["members_completed"] is True and facts["member_discipline"] is False
    assert "titles" not in facts and "discipline" not in facts
    none_held = read("Khoa tôi 75% đạt LĐTT, 8/10 người hoàn thành tốt, không có ai đạt chiến sĩ thi đua cơ sở. "
                     "Khoa có được TTLĐXS không?").facts
    assert none_held["member_titles"] == {CSTDCS: False}


def test_a_collective_asking_for_an_individual_award_gets_its_own_criteria() -> None:
    history = read("Phòng chúng tôi hoàn thành xuất sắc nhiệm vụ năm 2024 và 2025, có được bằng khen tỉnh không?")
    assert history.award.id == "bang-khen-chu-tich-ubnd-tinh-tap-the"
    person = read("Tôi hoàn thành xuất sắc nhiệm vụ năm 2024 và 2025, có được bằng khen tỉnh không?")
    assert person.award.id == "bang-khen-chu-tich-ubnd-tinh"
    # a person named before the unit ("chị Thu Hà phòng tôi") is one of it: the individual's award
    for member in ("Chị Thu Hà phòng tôi", "Anh T. tổ em", "đồng chí Nam phòng chúng tôi"):
        told = read(f"{member} hoàn thành xuất sắc nhiệm vụ năm 2024 và 2025, có được bằng khen tỉnh không?")
        assert told.award.id == "bang-khen-chu-tich-ubnd-tinh", member
    # words that fold like a title name no one when typed with their tones ("chỉ có" is no "chị")
    only = read("Năm nay chỉ có phòng tôi hoàn thành xuất sắc nhiệm vụ năm 2024 và 2025, có được bằng khen tỉnh không?")
    assert only.award.id == "bang-khen-chu-tich-ubnd-tinh-tap-the"
    chat = read("phong e nam 2024 va 2025 HTXSNV, phong e co duoc bang khen tinh khong?")  # "e" typed for "em"
    assert chat.award.id == "bang-khen-chu-tich-ubnd-tinh-tap-the"


def test_an_initiative_denied_with_a_verb_between() -> None:
    facts = read("Năm 2025 em hoàn thành xuất sắc nhiệm vụ nhưng em không viết sáng kiến, cũng không tham gia đề tài "
                 "nào. Em có được CSTĐCS không?").facts
    assert facts["initiative"] == "khong"
    for told in ("không những có sáng kiến cấp cơ sở mà còn được khen", "không chỉ có sáng kiến cấp cơ sở"):
        assert read(f"Năm 2025 em HTXSNV, {told}. Em có được CSTĐCS không?").facts["initiative"] == "co-so"


@pytest.mark.parametrize("told", ["không có sáng kiến hay đề tài khoa học nào được công nhận",
                                  "khong co sang kien hoac de tai nao duoc cong nhan"])
def test_an_initiative_joined_to_a_denied_one_is_denied(told: str) -> None:
    """"không có sáng kiến hay đề tài … nào được công nhận": the second is denied with the first (a review found it
    read as a recognised initiative, and the verdict 'eligible'); one told after "nhưng" is not."""
    facts = read(f"Năm 2024 anh đạt LĐTT, hoàn thành tốt nhiệm vụ, {told}. Đề nghị CSTĐCS có được không?").facts
    assert facts.get("initiative") == "khong" and "initiative_at_least" not in facts
    but = read("Năm 2024 anh đạt LĐTT, không có sáng kiến nhưng có đề tài khoa học được nghiệm thu. Có được CSTĐCS "
               "không?").facts
    assert but.get("initiative_at_least") == "co-so"


def test_teaching_years_and_titles_denied() -> None:
    facts = read("Tôi có 25 năm dạy học nhưng chưa được Nhà giáo ưu tú, có được Nhà giáo nhân dân không?").facts
    assert facts["teaching_years"] == 25 and facts["titles"] == {}


def test_an_award_without_criteria_in_the_corpus_is_named() -> None:
    history = read("Tôi là công nhân, có được Huân chương Lao động hạng Ba không?")
    assert history.award is None and "Huân chương Lao động" in history.uncovered.name


@pytest.mark.parametrize("text", [
    "Tôi được CSTĐCS 3 năm liền, có được CSTĐ tỉnh không?",
    "nam 2025 toi hoan thanh tot nhiem vu, co du dieu kien lao dong tien tien khong",
    "Năm nay tôi nghỉ thai sản, có được Lao động tiên tiến không?",
    "Phòng tôi có đủ tiêu chuẩn tập thể lao động xuất sắc chưa?",
    "e nam 2025 dc danh gia htt nv, e co dc ldtt ko a",  # chat spellings read as the written words
    # a weak word inside "có … được không": the yes/no frame asks
    "Chị Mai năm 2025 hoàn thành xuất sắc nhiệm vụ, đơn vị có xét chị ấy CSTĐCS được không?",
    "anh ấy đạt cstdcs 2023 2024 2025, co len duoc chien si thi dua tinh khong",
    # "hết thời hạn kỷ luật" tells a circumstance (a principle's words), it asks no deadline
    "toi bi khien trach thang 3/2025, het thoi han ky luat thang 9/2025, co duoc ldtt nam 2025 khong",
    # "đăng ký được" registers for an award, it asks no signature
    "Năm 2025 em HTXSNV, có sáng kiến cấp cơ sở, em có đăng ký được CSTĐCS không?",
    # a weak word before a closing "được không": whether it can be done asks too
    "Chị Hà 2 năm liền CSTĐCS (2024, 2025). Đơn vị xét tặng Bằng khen thành phố cho chị được không?",
    "Chị Hà 2 năm liền CSTĐCS (2024, 2025). Đơn vị đề nghị Bằng khen thành phố cho chị được không ạ?",
    "anh ay 3 nam lien dat cstdcs, phong lam ho so len CSTD thanh pho cho anh ay dc ko",
])
def test_eligibility_questions_are_recognised(text: str) -> None:
    assert is_eligibility_question(text, CATALOGUE)


@pytest.mark.parametrize("text", [
    "Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?",
    "Bằng khen Thủ tướng được thưởng bao nhiêu tiền?",
    "Hồ sơ đề nghị CSTĐCS gồm những gì?",
    "Ai quyết định tặng danh hiệu Lao động tiên tiến?",
    "Nghị định 152/2025 có hiệu lực từ khi nào?",
    # "thầy cô đạt" folds like "có đạt", "địa bàn" holds "ban": neither asks about someone's history
    "Năm 2025 trường tôi có 3 thầy cô đạt chiến sĩ thi đua cơ sở, mức thưởng mỗi người là bao nhiêu?",
    "Doanh nghiệp trên địa bàn huyện có được tặng giấy khen cho công nhân không?",
    # the asking words are in a statement, and the sentence marked "?" asks something else
    "Phòng em có 2 người cùng đủ tiêu chuẩn BK thành phố, đều 2 năm CSTĐCS. Liệu có quy định ưu tiên nữ không nhỉ?",
    # "cô được" is not "có được" when the tones are written
    "Trường em có cô được phong Nhà giáo ưu tú năm 2024. Hồi đó mức thưởng là bao nhiêu lần lương cơ sở ạ?",
    # the same frame closing a question of lateness or of who signs
    "Năm 2025 em hoàn thành tốt nhiệm vụ, hồ sơ đề nghị LĐTT nộp muộn được không ạ?",
    "Năm 2025 phòng em có 3 người HTXSNV, giám đốc sở tự ký QĐ tặng CSTĐCS được không?",
    # whether someone may sign ("có được ký") asks who decides, not whether the nominee may be given the award
    "Từ năm 2025 không còn cấp huyện, cán bộ phường em HTXSNV được đề nghị CSTĐCS. Chủ tịch UBND phường có được "
    "ký không hay phải trình lên thành phố?",
    # a closing "được không" of a deed, no award named inside it
    "Năm 2025 em hoàn thành xuất sắc nhiệm vụ, em đăng ký thi đua muộn được không ạ?",
    # a quota asked ("tối đa bao nhiêu", a cap's words): no verdict on someone
    "Phòng em năm 2025 có 20 người đạt LĐTT thì được đề nghị tối đa bao nhiêu CSTĐCS?",
])
def test_other_questions_are_not_eligibility_questions(text: str) -> None:
    assert not is_eligibility_question(text, CATALOGUE)


def test_an_initiative_asked_about_is_no_fact_of_the_history() -> None:
    """"có phải làm sáng kiến cấp tỉnh nữa không?" asks whether one is needed: it tells no provincial initiative."""
    facts = read("Tôi đạt CSTĐCS 2023, 2024, 2025, có 2 sáng kiến được công nhận. Tôi có đủ điều kiện đề nghị CSTĐ "
                 "thành phố không, hay có cần phải có đề tài khoa học cấp thành phố nữa?").facts
    assert facts.get("initiative") != "tinh" and facts["initiative_at_least"] == "co-so"
    told = read("Tôi đạt CSTĐCS 2023, 2024, 2025, có sáng kiến cấp thành phố. Tôi có được CSTĐ thành phố không?")
    assert told.facts["initiative"] == "tinh"
    # what an initiative must be, said after it ("… hay đề tài phải có phạm vi toàn quốc?"), is asked too
    text = ("Chị ấy 2 lần liên tục đạt CSTĐ thành phố, có đề tài cấp thành phố đã nghiệm thu. Làm hồ sơ CSTĐ toàn quốc "
            "được chưa hay đề tài phải có phạm vi toàn quốc?")
    assert read(text).facts["initiative"] == "tinh" and is_eligibility_question(text, CATALOGUE)


def test_the_award_asked_named_again_is_not_held() -> None:
    """"… nếu đủ điều kiện xét tặng Bằng khen thành phố thì …" names the award asked again: none is held."""
    again = read("Tôi đạt CSTĐCS 2024, 2025. Tôi có được Bằng khen thành phố không? Nếu đủ điều kiện đề nghị Bằng khen "
                 "thành phố thì hồ sơ gồm những gì?")
    assert again.award.id == "bang-khen-chu-tich-ubnd-tinh" and not again.facts.get("title_counts")
    held = read("Tôi được Bằng khen thành phố năm 2023, đạt CSTĐCS 2024, 2025. Năm 2025 có được đề nghị Bằng khen "
                "thành phố nữa không?")
    assert "bang-khen-chu-tich-ubnd-tinh" in held.facts["titles"]["2023"]
    # told with "có được" and a year, a statement: held
    told = read("Năm 2023 tôi có được Bằng khen thành phố, 2024 và 2025 đạt CSTĐCS. Tôi có được đề nghị Bằng khen "
                "Thủ tướng không?")
    assert "bang-khen-chu-tich-ubnd-tinh" in told.facts["titles"]["2023"]
    # another award asked in the same breath is not held either
    both = read("Cá nhân có được vừa nhận danh hiệu CSTĐ thành phố vừa được xét Bằng khen thành phố không?")
    assert not both.facts.get("title_counts") and not both.facts.get("titles")


def test_a_later_question_without_words_of_eligibility_keeps_the_award_asked() -> None:
    """"Phòng có đủ điều kiện TTLĐXS không? … có bắt buộc phải có người đạt CSTĐCS không?": the award asked is
    the one the question of eligibility names; a follow-on ("Còn CSTĐCS thì sao?") still asks its own."""
    unit = read("Phòng tôi 10 người, năm 2025 phòng HTXSNV, 8 người đạt LĐTT. Phòng có đủ điều kiện đề nghị Tập thể "
                "lao động xuất sắc không? Tỷ lệ LĐTT tối thiểu là bao nhiêu, có bắt buộc phải có người đạt "
                "CSTĐCS không?")
    assert unit.award.id == "tap-the-lao-dong-xuat-sac"
    again = read("Năm 2025 tôi HTXSNV, có sáng kiến cấp cơ sở. Tôi có được Lao động tiên tiến không? Còn Chiến sĩ thi "
                 "đua cơ sở thì sao?")
    assert again.award.id == "chien-si-thi-dua-co-so"


def test_recognised_is_not_a_worker_and_a_project_is_an_initiative() -> None:
    history = read("Đồng chí A là phó phòng, 3 năm gần đây (2023-2025) đều đạt CSTĐCS, có đề án được UBND tỉnh "
                   "công nhận áp dụng toàn tỉnh, đồng chí có đủ tiêu chuẩn CSTĐ tỉnh không?")
    assert history.nominee_kind == "can-bo" and history.facts["initiative"] == "tinh"
    assert sorted(history.facts["titles"]) == ["2023", "2024", "2025"]
    assert read("Tôi là công nhân nhà máy, có được LĐTT không?").nominee_kind == "cong-nhan-nong-dan"


def test_a_share_from_counts_of_people() -> None:
    facts = read("Trường tôi có 40 giáo viên, 30 người đạt LĐTT, 100% hoàn thành nhiệm vụ, có 3 giáo viên đạt "
                 "CSTĐCS. Trường có được tập thể lao động xuất sắc không?").facts
    assert facts["member_share"]["lao-dong-tien-tien"] == 75
    # the unit before its size ("khoa 20 bác sĩ") gives the total too
    sized = read("khoa 20 bac si, nam 2025 htxs nhiem vu, 12 bac si dat ldtt, co duoc tap the lao dong xuat sac khong")
    assert sized.facts["member_share"]["lao-dong-tien-tien"] == 60


def test_the_award_asked_is_in_the_question_clause() -> None:
    history = read("Chiến sĩ thi đua tỉnh thì tôi có đủ điều kiện không, tôi đạt CSTĐCS 2023, 2024, 2025?")
    assert history.award.id == "chien-si-thi-dua-cap-tinh" and history.year == 2025
    assert sorted(history.facts["titles"]) == ["2023", "2024", "2025"]
    asked_for_year = read("Tôi được CSTĐCS năm 2022, 2023, 2024, có được đề nghị CSTĐ tỉnh năm 2025 không?")
    assert asked_for_year.award.id == "chien-si-thi-dua-cap-tinh" and asked_for_year.year == 2025
    proposed = read("Chị Lan năm 2023 được Lao động tiên tiến, năm 2025 hoàn thành xuất sắc nhiệm vụ. Năm 2025 đề "
                    "nghị chị ấy Chiến sĩ thi đua cơ sở có được không?")
    assert proposed.award.id == CSTDCS and proposed.year == 2025
    vague = read("Cá nhân được tặng CSTĐCS 2 lần có được bằng khen không?")
    assert vague.award is None and vague.facts["title_counts"] == {CSTDCS: 2}


@pytest.mark.parametrize(("text", "titles", "ratings"), [
    ("Năm 2021, năm 2022 và năm 2023 tôi đạt CSTĐCS, có được CSTĐ tỉnh không?", ["2021", "2022", "2023"], {}),
    ("Tôi đạt CSTĐCS năm 2021, năm 2022 và năm 2023, có được CSTĐ tỉnh không?", ["2021", "2022", "2023"], {}),
    ("Tôi đạt CSTĐCS năm 2021, năm 2022 hoàn thành xuất sắc nhiệm vụ, có được bằng khen tỉnh không?", ["2021"],
     {"2022": "xuat-sac"}),
    ("toi nghi thai san tu thang 3 den thang 9 nam 2025, nam 2024 dat cstdcs, nam 2025 hoan thanh xuat sac nhiem vu. "
     "Co duoc cstdcs nam 2025 khong", ["2024"], {"2025": "xuat-sac"}),
    ("Tôi bị kỷ luật khiển trách năm 2023, năm 2024 và 2025 đạt CSTĐCS, có được bằng khen tỉnh không?",
     ["2024", "2025"], {}),
])
def test_years_repeated_with_nam_across_commas(text: str, titles: list[str], ratings: dict) -> None:
    facts = read(text).facts
    assert sorted(facts["titles"]) == titles and facts.get("ratings", {}) == ratings


@pytest.mark.parametrize("text", [
    "Danh hiệu Chiến sĩ thi đua cơ sở được tặng cho cá nhân đạt tiêu chuẩn gì?",
    "Cần mấy lần CSTĐCS liên tục thì được xét chiến sĩ thi đua cấp tỉnh?",
    "Nông dân có được tặng danh hiệu Lao động tiên tiến không, tiêu chuẩn thế nào?",
    "Giám đốc công ty có được quyết định tặng danh hiệu Lao động tiên tiến không?",
])
def test_questions_about_a_rule_are_not_about_someone(text: str) -> None:
    assert not is_eligibility_question(text, CATALOGUE)


def test_a_member_counted_before_a_title_holds_it() -> None:
    """"có 1 cô đạt CSTĐCS": a member counted holds the title ("cô đạt" folds as "có đạt", which asks)."""
    facts = read("Tổ Toán có 10 thầy cô. Năm học vừa rồi tổ HTXS nhiệm vụ, cả 10 người đều hoàn thành nhiệm vụ, 8 "
                 "người đạt LĐTT, có 1 cô đạt CSTĐCS. Tổ có đủ điều kiện đề nghị TTLĐXS không?").facts
    assert facts["member_share"] == {"lao-dong-tien-tien": 80, CSTDCS: 10}


def test_what_every_member_did_is_not_the_collectives_rating() -> None:
    facts = read("Phòng tôi có 10 người, năm 2025 cả 10 người đều hoàn thành nhiệm vụ, 8 người đạt lao động tiên "
                 "tiến, tập thể được đánh giá hoàn thành tốt nhiệm vụ. Phòng có đủ TTLĐXS không?").facts
    assert facts["members_completed"] is True and facts["ratings"] == {"2025": "tot"}
    assert facts["member_share"]["lao-dong-tien-tien"] == 80


def test_a_rating_told_of_some_members_is_not_the_collectives() -> None:
    history = read("Tổ văn phòng năm 2025 có 10 người, 9 người hoàn thành tốt nhiệm vụ, 1 người chỉ hoàn thành "
                   "nhiệm vụ, 6 người đạt lao động tiên tiến. Tổ có được tập thể lao động tiên tiến không?")
    assert "ratings" not in history.facts
    told = read("Tổ tôi năm 2025 hoàn thành tốt nhiệm vụ, hai đồng chí hoàn thành xuất sắc nhiệm vụ. Tổ có được "
                "tập thể lao động tiên tiến không?")
    assert told.facts["ratings"] == {"2025": "tot"}


def test_a_rating_of_the_members_said_after_the_collectives_stays_theirs() -> None:
    """"khoa được đánh giá hoàn thành xuất sắc nhiệm vụ, … 4 người còn lại chỉ xếp hoàn thành nhiệm vụ": the later
    rating is the four members', a few words after their count; the unit's own stands."""
    facts = read("Khoa em có 12 người. Năm 2025 khoa được đánh giá hoàn thành xuất sắc nhiệm vụ, cả 12 người đều hoàn "
                 "thành nhiệm vụ trở lên; có 8 người đạt LĐTT, 4 người còn lại chỉ xếp hoàn thành nhiệm vụ. Khoa có đủ "
                 "điều kiện Tập thể lao động xuất sắc không?").facts
    assert facts["ratings"] == {"2025": "xuat-sac"} and facts["member_share"]["lao-dong-tien-tien"] == 67
    # a head count, then the year and the unit's own rating (no comma between): the unit's
    for told in ("Phòng có 12 cán bộ trong năm 2025 phòng hoàn thành xuất sắc nhiệm vụ, 10 người đạt LĐTT. Phòng có "
                 "đủ điều kiện Tập thể lao động xuất sắc không?",
                 "Đơn vị có 25 người năm 2025 được xếp hoàn thành xuất sắc nhiệm vụ, 20 người đạt LĐTT. Đơn vị có đủ "
                 "điều kiện Tập thể lao động xuất sắc không?"):
        assert read(told).facts["ratings"] == {"2025": "xuat-sac"}, told


def test_a_title_denied_is_not_held_in_the_years_after_the_denial() -> None:
    """"không có CSTĐCS nhưng 2 năm 2023 và 2024 liên tục HTXSNV": the years are the ratings', no title held; "không
    đạt CSTĐCS năm 2024" denies that year."""
    facts = read("Chị Thu không có CSTĐCS nhưng 2 năm 2023 và 2024 liên tục HTXSNV, trong 2 năm đó có 2 sáng kiến "
                 "được phường công nhận. Có đủ để đề nghị Bằng khen thành phố không?").facts
    assert facts["titles"] == {} and facts["ratings"] == {"2023": "xuat-sac", "2024": "xuat-sac"}
    assert read("Anh ấy đạt CSTĐCS năm 2023, không đạt CSTĐCS năm 2024. Có được Bằng khen thành phố không?"
                ).facts["titles"] == {"2023": ["chien-si-thi-dua-co-so"]}


def test_a_rating_asked_as_a_requirement_is_no_rating_told() -> None:
    """"… chỉ đạt hoàn thành tốt nhiệm vụ (không phải xuất sắc) … hay bắt buộc phải HTXSNV?": the rating after words
    asking whether it is needed is asked, the one told stands."""
    facts = read("Kế toán trường mầm non, năm 2025 chỉ đạt hoàn thành tốt nhiệm vụ (không phải xuất sắc), đã được "
                 "LĐTT, có 1 sáng kiến được trường công nhận. Có đề nghị CSTĐCS được không hay bắt buộc phải HTXSNV?"
                 ).facts
    assert facts["ratings"] == {"2025": "tot"}
    # told in a sentence that asks nothing, it is a fact
    told = read("Năm 2025 chị ấy phải đạt HTXSNV vì có sáng kiến. Có đề nghị CSTĐCS được không?").facts
    assert told["ratings"] == {"2025": "xuat-sac"}


def test_the_award_the_story_proposes_is_asked_when_the_question_names_none() -> None:
    history = read("Tổ Toán có 12 thầy cô, năm học này 1 cô không hoàn thành nhiệm vụ, 9 người LĐTT, 2 người CSTĐCS. "
                   "Thầy hiệu trưởng vẫn muốn đề nghị TTLĐXS cho tổ. Vậy có được không ạ?")
    assert history.award.id == "tap-the-lao-dong-xuat-sac" and history.inferred
    history = read("Chị Thu đạt CSTĐCS năm 2023, 2024, 2025, có 1 sáng kiến cấp cơ sở. Phòng định làm hồ sơ CSTĐ "
                   "thành phố cho chị năm nay. Sáng kiến như thế có đủ không ạ?")
    assert history.award.id == "chien-si-thi-dua-cap-tinh" and history.inferred
    assert not read("Năm 2025 tôi đạt LĐTT, có được CSTĐCS không?").inferred
    # an award told as held is never the one asked
    assert read("Năm 2025 đơn vị em được tặng Cờ thi đua của UBND thành phố. Có được in hình lá cờ lên giấy mời "
                "không ạ?").award is None


def test_a_streak_written_with_its_years_is_those_years() -> None:
    told = read("Chị Thu đạt CSTĐCS 3 năm liền 2023, 2024, 2025. Năm nay có được đề nghị CSTĐ tỉnh không?")
    assert sorted(told.facts["titles"]) == ["2023", "2024", "2025"]
    after = read("Chị Thu đạt CSTĐCS 2023-2025 (3 năm liền). Năm nay có được đề nghị CSTĐ tỉnh không?")
    assert sorted(after.facts["titles"]) == ["2023", "2024", "2025"]


def test_initiatives_counted_per_year_are_counted_for_each_year_told() -> None:
    """"Năm 2023 và 2024 …, mỗi năm có 1 sáng kiến" tells two; "có 1 sáng kiến" one, whatever years are told."""
    each = read("Năm 2023 và 2024 tôi đều hoàn thành xuất sắc nhiệm vụ, mỗi năm có 1 sáng kiến được công nhận. Tôi có "
                "được Bằng khen tỉnh không?")
    assert each.facts["initiative_count"] == 2
    once = read("Năm 2023 và 2024 tôi đều hoàn thành xuất sắc nhiệm vụ, có 1 sáng kiến được công nhận. Tôi có được "
                "Bằng khen tỉnh không?")
    assert once.facts["initiative_count"] == 1
    # only the years rated, from the year the clause starts them
    since = read("Năm 2024 và 2025 tôi đều hoàn thành xuất sắc nhiệm vụ, từ năm 2025 mỗi năm có 1 sáng kiến được "
                 "công nhận. Tôi sinh năm 1990. Tôi có được Bằng khen tỉnh không?")
    assert since.facts["initiative_count"] == 1


def test_near_misses_of_the_new_readings_keep_their_old_reading() -> None:
    """"hạn chế" without a rate is no cap, "sáng kiến cần phải …" in a told sentence is told, and "không hay" in a
    told sentence ("often") asks nothing."""
    shortcoming = ("Năm 2025 em hoàn thành xuất sắc nhiệm vụ, còn hạn chế về ngoại ngữ. Em có được Lao động tiên tiến "
                   "không?")
    assert is_eligibility_question(shortcoming, CATALOGUE)
    told = read("Năm 2025 tôi hoàn thành xuất sắc nhiệm vụ, có sáng kiến cấp tỉnh cần phải nhân rộng. Tôi có được "
                "CSTĐCS không?")
    assert told.facts["initiative"] == "tinh"


@pytest.mark.parametrize("text", [
    "Đầu năm 2025 em quên đăng ký thi đua, cuối năm em HTXSNV. Giờ đăng ký bổ sung CSTĐCS được không?",
    "Năm 2025 em đạt LĐTT, hội đồng thi đua họp xét CSTĐCS vào tháng 11 được chưa hay phải đợi hết năm?",
    "chi ay nghi thai san 6 thang nam 2025, van xet LDTT duoc khong hay la phai tru thoi gian nghi?",
])
def test_a_closing_duoc_khong_of_a_deed_or_a_principle_asks_no_verdict(text: str) -> None:
    assert not is_eligibility_question(text, CATALOGUE)


@pytest.mark.parametrize(("text", "years"), [
    ("Anh ấy mới làm ở đơn vị được 8 năm, có được Anh hùng Lao động không?", 8),
    ("Bố em công tác liên tục được 23 năm, luôn hoàn thành tốt nhiệm vụ.", 23),
    ("Ông về công ty từ năm 2018, tức là khoảng 8 năm.", 8),
    ("Ong co 12 nam cong tac tai cang, co duoc AHLD khong?", 12),
    ("Ông mới về công tác và đóng góp cho nhà máy, cho ngành được 8 năm.", 8),
    # a streak of a title is no years of work; nor "tư năm"/"từ năm" without tones
    ("Anh ấy công tác ở sở, được CSTĐCS 3 năm liền, có được AHLĐ không?", None),
    ("Ong ve cong ty tu nam 2018, co duoc AHLD khong?", None),
])
def test_years_of_work(text: str, years: int | None) -> None:
    assert read(text).facts.get("work_years") == years
