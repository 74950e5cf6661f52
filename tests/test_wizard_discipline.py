"""Discipline in the nomination wizard, as khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP has it: a penalty in force at
any time of the year assessed (imposed, served or expired within it) holds that year's nomination just as the
free-text verdict does; where a criterion depends on the form of the penalty (a collective's members, "từ hình thức
cảnh cáo trở lên") the form is asked; drafts saved before the question existed are asked it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.faces.render import headline_text, verdict_text
from bot.nomination.answers import read_discipline, read_member_discipline, read_penalty
from bot.nomination.eligibility import Rules
from bot.nomination.facts import InvalidInput
from bot.nomination.provinces import judged_here
from bot.nomination.steps import SUGGESTED
from bot.nomination.verdict import answer_eligibility
from bot.nomination.wizard import NEW_QUESTION
from tests.dossier_cases import CATALOGUE, YEAR, Driver, corpus_documents, make_nominations

RULE = "khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP"
TODAY = date(YEAR + 1, 1, 15)
UNIT, PARENT = "Văn phòng Sở Nội vụ", "Sở Nội vụ thành phố Hải Phòng"
HELD = "❌ Chưa đủ điều kiện: bị kỷ luật có hiệu lực trong năm"


@pytest.fixture()
def driver(tmp_path: Path) -> Driver:
    return Driver(make_nominations(tmp_path, url=f"sqlite:///{tmp_path / 'db.sqlite3'}"))


def to_discipline(driver: Driver, name: str = "Phạm Thị Cúc") -> str:
    """A civil servant for Lao động tiên tiến, up to the discipline question; its prompt."""
    driver.start()
    driver.say("Lao động tiên tiến", "Cán bộ, công chức, viên chức", UNIT, PARENT, SUGGESTED, SUGGESTED)
    driver.say(name, "1982", "Nữ", "Chuyên viên", UNIT, str(YEAR), f"{YEAR}: hoàn thành tốt")
    return driver.say("Không").text


def finish_individual(driver: Driver) -> str:
    """From the unit's confirmation to the review; its text."""
    return driver.say("Có", "Văn thư.", "Hoàn thành tốt nhiệm vụ.", "/xong").text


def free_text(history: str, province: str = "Hải Phòng"):
    return answer_eligibility(history, None, CATALOGUE, Rules(CATALOGUE, corpus_documents()), province,
                              today=TODAY)


def test_the_question_is_plain_vietnamese_and_cites_the_rule(driver: Driver) -> None:
    prompt = to_discipline(driver)
    assert "đang bị xem xét kỷ luật" in prompt and f"Trong năm {YEAR} có bị kỷ luật" in prompt
    assert "đã chấp hành xong hoặc đã hết thời hạn" in prompt and "khiển trách, cảnh cáo" in prompt
    assert RULE in prompt and "thành tích chỉ được tính từ khi chấp hành xong" in prompt
    labels = [label for label, _ in driver.replies[-1].options]
    assert labels == ["Không", "Đang bị xem xét kỷ luật, thanh tra", "Bị kỷ luật trong năm xét", "Chưa rõ"]


# The same history told in a question and answered in the wizard: the same verdict, citing the same rule.
CASES = [
    # Imposed and served within the year assessed.
    (f"tháng 2/{YEAR} bị khiển trách, đã chấp hành xong tháng 8/{YEAR}",
     f"Bị khiển trách tháng 2/{YEAR}, đã chấp hành xong tháng 8/{YEAR}", "not_eligible"),
    # Imposed the year before, served within the year assessed.
    (f"tháng 5/{YEAR - 1} bị cảnh cáo, đã chấp hành xong tháng 5/{YEAR}",
     f"Bị cảnh cáo tháng 5/{YEAR - 1}, chấp hành xong tháng 5/{YEAR}", "not_eligible"),
    # Chosen as offered.
    (f"năm {YEAR} bị kỷ luật khiển trách", "Bị kỷ luật trong năm xét", "not_eligible"),
    # Served before the year assessed: that year's achievements count in full.
    (f"năm {YEAR - 2} bị khiển trách, đã chấp hành xong năm {YEAR - 1}",
     f"Bị khiển trách năm {YEAR - 2}, đã chấp hành xong năm {YEAR - 1}", "eligible"),
    ("không bị kỷ luật", "Không", "eligible"),
]


@pytest.mark.parametrize(("told", "answered", "kind"), CASES)
def test_the_wizard_and_the_question_reach_the_same_verdict(told: str, answered: str, kind: str,
                                                            driver: Driver) -> None:
    reply = free_text(f"Tôi là công chức, năm {YEAR} hoàn thành tốt nhiệm vụ, có tinh thần đoàn kết; {told}. "
                      "Tôi có được xét Lao động tiên tiến không?")
    assert reply.kind == kind, verdict_text(reply)
    to_discipline(driver)
    driver.say(answered)
    review = finish_individual(driver)
    if kind == "not_eligible":
        assert "bị kỷ luật năm" in headline_text(reply.headline) and RULE in headline_text(reply.headline)
        assert f"{HELD} {YEAR}" in review and RULE in review
        assert "thành tích chỉ được tính từ thời điểm chấp hành xong thời gian kỷ luật" in review
        assert "✅" not in review
        done = driver.say("Xác nhận", "Hoàn tất")
        assert [path.name for path in done.files] == ["phieu-ra-soat-khong-de-nghi.docx"]
        assert "Phạm Thị Cúc: không đề nghị" in done.text and "thời điểm chấp hành xong" in done.text
    else:
        assert "✅ Đủ điều kiện" in review
        assert "• Bị kỷ luật trong năm xét: " in review


def test_the_review_shows_the_penalty_and_it_can_be_edited(driver: Driver) -> None:
    to_discipline(driver)
    driver.say("Bị kỷ luật trong năm xét")
    review = finish_individual(driver)
    assert f"• Bị kỷ luật trong năm xét: Có (kỷ luật có hiệu lực đến năm {YEAR})" in review
    edit = dict((label, value) for label, value in driver.replies[-1].options)["Sửa: Bị kỷ luật trong năm xét"]
    asked = driver.say(edit)
    assert f"Trong năm {YEAR}, người (tập thể) được đề nghị có bị kỷ luật không" in asked.text
    assert "giá trị cũ: Có" in asked.text and RULE in asked.text
    review = driver.say("Không").text
    assert review.startswith("Rà soát hồ sơ") and "• Bị kỷ luật trong năm xét: Không" in review
    # "Bị kỷ luật trong năm xét" said nothing of a pending discipline: that is still to be answered.
    assert "⚠️ Còn thông tin phải bổ sung" in review and "việc có đang bị xem xét kỷ luật" in review
    driver.say("sửa discipline", "Không")
    assert "✅ Đủ điều kiện" in driver.replies[-1].text


def test_changing_the_year_asks_the_penalty_again(driver: Driver) -> None:
    to_discipline(driver)
    driver.say("Không")
    finish_individual(driver)
    driver.say("sửa year")
    asked = driver.say(str(YEAR - 1))
    assert f"Trong năm {YEAR - 1}, người (tập thể) được đề nghị có bị kỷ luật không" in asked.text
    review = driver.say("Có")
    assert f"{HELD} {YEAR - 1}" in review.text


def test_an_answer_that_only_denies_an_inspection_leaves_the_penalty_to_ask(driver: Driver) -> None:
    to_discipline(driver)
    asked = driver.say("Không bị thanh tra, kiểm tra")
    assert f"Trong năm {YEAR}, người (tập thể) được đề nghị có bị kỷ luật không" in asked.text
    assert "Đơn vị xác nhận" in driver.say("Không").text


def test_a_bare_yes_is_not_guessed(driver: Driver) -> None:
    to_discipline(driver)
    refused = driver.say("Có", errors_allowed=True)
    assert refused.text.startswith("⚠️ Hãy nói rõ") and "Bị kỷ luật trong năm xét" in refused.text
    with pytest.raises(InvalidInput):
        read_penalty("hình như vậy", YEAR)
    with pytest.raises(InvalidInput):
        read_discipline(f"bị khiển trách năm {YEAR + 1}", YEAR)


def test_answers_in_words() -> None:
    assert read_discipline("Không", YEAR) == (False, 0)
    assert read_discipline("Đang bị xem xét kỷ luật", YEAR) == (True, None)
    assert read_discipline("Đã hết thời hạn kỷ luật", YEAR) == (False, YEAR)
    assert read_discipline("không bị thanh tra, nhưng bị khiển trách tháng 3", YEAR) == (False, YEAR)
    assert read_discipline("không, chưa từng bị kỷ luật", YEAR) == (False, 0)
    assert read_discipline("chưa rõ", YEAR) == (None, None)
    assert read_penalty(f"Có, chấp hành xong năm {YEAR - 1}", YEAR) == YEAR - 1
    assert read_penalty("Không", YEAR) == 0 and read_penalty("Chưa rõ", YEAR) is None
    assert read_member_discipline("1 người bị khiển trách") is False
    assert read_member_discipline("Có, một người bị cảnh cáo") is True
    assert read_member_discipline("Chỉ có khiển trách") is False and read_member_discipline("Không") is False


def test_help_me_choose_stops_at_a_penalty_in_the_year(driver: Driver) -> None:
    driver.start()
    reply = driver.say("Giúp tôi chọn", "Cán bộ, công chức, viên chức", str(YEAR), f"{YEAR}: hoàn thành xuất sắc",
                       "Không", "Cấp cơ sở", "Bị kỷ luật trong năm xét")
    assert reply.text.startswith(f"{HELD} {YEAR}") and RULE in reply.text
    assert not any(label.startswith("Chọn ") for label, _ in reply.options)


# A collective: the criterion counts members disciplined with a warning or heavier (tỉnh Bắc Ninh's rule, applied to
# a Bắc Ninh unit only).
@pytest.mark.parametrize(("told", "answered", "met"), [
    ("có 1 người bị khiển trách", "Chỉ có khiển trách", True),
    ("có 1 người bị kỷ luật cảnh cáo", "Có, một người bị cảnh cáo", False),
])
def test_a_members_penalty_counts_by_its_form_in_both_paths(told: str, answered: str, met: bool,
                                                           tmp_path: Path) -> None:
    reply = free_text(f"Phòng tôi năm {YEAR} hoàn thành tốt nhiệm vụ, 80% cá nhân đạt Lao động tiên tiến, {told}. "
                      "Phòng tôi có được Tập thể lao động tiên tiến không?", "Bắc Ninh")
    member = next(f for f in reply.verdict.findings if "no_member_discipline" in f.rule.check)
    assert member.ok is met
    driver = Driver(make_nominations(tmp_path, province="Bắc Ninh"))
    driver.start()
    driver.say("Tập thể lao động tiên tiến", UNIT, PARENT, SUGGESTED, SUGGESTED, "Phòng Tổ chức cán bộ", "10",
               "Sở Nội vụ", str(YEAR), f"{YEAR}: hoàn thành tốt", "Không", "Không")
    asked = driver.say("80")
    assert "từ hình thức cảnh cáo trở lên" in asked.text and "Kỷ luật khiển trách không tính" in asked.text
    assert "khoản 2 Điều 4" in asked.text
    driver.say(answered)
    review = driver.say("Có", "Có", "Nhiệm vụ.", "Thành tích.", "/xong").text
    wizard_member = next(f for f in driver.nominations.wizard.verdict(
        driver.nominations.active(1)[1], driver.nominations.active(1)[1]["nominees"][0]).findings
        if "no_member_discipline" in f.rule.check)
    assert wizard_member.ok is met
    assert ("✅ Đủ điều kiện" in review) is met


def drop_penalty(driver: Driver) -> int:
    """Make the active draft look like one saved before the penalty question existed."""
    draft_id, session = driver.nominations.active(driver.user)
    nominee = session["nominees"][0]
    nominee["facts"].pop("disciplined_in")
    nominee["answered"].remove("disciplined_in")
    driver.nominations.storage.save_draft(driver.user, session, draft_id, "cũ")
    return draft_id


def test_a_draft_saved_before_the_question_loads_and_is_asked_it(driver: Driver) -> None:
    to_discipline(driver)
    driver.say("Không")
    finish_individual(driver)
    draft_id = drop_penalty(driver)
    driver.nominations.cancel(driver.user)
    resumed = driver.nominations.resume(driver.user, draft_id)
    assert NEW_QUESTION in resumed.text and f"Trong năm {YEAR}, người (tập thể)" in resumed.text
    review = driver.say("Có, bị khiển trách tháng 3, đã chấp hành xong tháng 9").text
    assert review.startswith("Rà soát hồ sơ") and f"{HELD} {YEAR}" in review


def test_a_draft_in_progress_without_the_answer_is_asked_before_the_review(driver: Driver) -> None:
    to_discipline(driver)
    driver.say("Không", "Có")  # now at the duties step
    drop_penalty(driver)
    asked = driver.say("Văn thư.", "Hoàn thành tốt nhiệm vụ.", "/xong")
    assert f"Trong năm {YEAR}, người (tập thể) được đề nghị có bị kỷ luật không" in asked.text
    assert "✅ Đủ điều kiện" in driver.say("Không").text


def test_an_active_draft_at_the_review_is_asked_before_it_goes_on(driver: Driver) -> None:
    to_discipline(driver)
    driver.say("Không")
    finish_individual(driver)
    drop_penalty(driver)
    asked = driver.say("Xác nhận")
    assert asked.text.startswith(NEW_QUESTION)
    assert "• Bị kỷ luật trong năm xét: Không" in driver.say("Không").text


@pytest.mark.parametrize(("told", "kind", "penalty"), [
    # A denial that names the year is no penalty.
    (f"không bị kỷ luật năm {YEAR}", "eligible", 0),
    # Imposed the year before and served within the year assessed: in force within it.
    (f"năm {YEAR - 1} bị cảnh cáo, chấp hành xong tháng 4/{YEAR}", "not_eligible", YEAR),
    # The year before the penalty.
    (f"năm {YEAR} bị kỷ luật khiển trách", "not_eligible", YEAR),
])
def test_a_history_reads_when_the_penalty_was_in_force(told: str, kind: str, penalty: int) -> None:
    reply = free_text(f"Tôi là công chức, năm {YEAR} hoàn thành tốt nhiệm vụ, {told}. "
                      "Tôi có được xét Lao động tiên tiến không?")
    assert reply.kind == kind and reply.prefill["disciplined_in"] == penalty


def test_every_nominee_of_an_old_dossier_is_asked_before_the_documents(driver: Driver) -> None:
    to_discipline(driver, "Phạm Thị Cúc")
    driver.say("Không")
    finish_individual(driver)
    driver.say("Xác nhận", "Thêm người khác", "Lê Văn Dũng", "1985", "Nam", "Chuyên viên", UNIT, str(YEAR),
               f"{YEAR}: hoàn thành tốt", "Không", "Không")
    finish_individual(driver)
    driver.say("Xác nhận")
    draft_id, session = driver.nominations.active(driver.user)
    for nominee in session["nominees"]:
        nominee["facts"].pop("disciplined_in")
        nominee["answered"].remove("disciplined_in")
    driver.nominations.storage.save_draft(driver.user, session, draft_id, "cũ")
    assert driver.say("Hoàn tất").text.startswith(NEW_QUESTION)
    review = driver.say("Không")
    assert "• Họ và tên: Lê Văn Dũng" in review.text
    asked = driver.say("Xác nhận")
    assert asked.text.startswith(NEW_QUESTION)
    review = driver.say("Có")
    assert "• Họ và tên: Phạm Thị Cúc" in review.text and "❌ Chưa đủ điều kiện: bị kỷ luật" in review.text
    done = driver.say("Xác nhận", "Hoàn tất")
    assert done.finished and "• Phạm Thị Cúc: không đề nghị" in done.text
    assert "• Lê Văn Dũng: đề nghị" in done.text


def test_a_question_at_the_review_of_an_old_draft_is_still_answered(driver: Driver) -> None:
    to_discipline(driver)
    driver.say("Không")
    finish_individual(driver)
    drop_penalty(driver)
    asked = driver.say("Tiêu chuẩn Lao động tiên tiến là gì?")
    assert asked.question == "Tiêu chuẩn Lao động tiên tiến là gì?"
    assert driver.say("Xác nhận").text.startswith(NEW_QUESTION)


def test_random_facts_with_a_penalty_get_the_same_verdict_in_both_paths() -> None:
    """Over the whole catalogue: the wizard's review and the question path agree once `disciplined_in` is told
    (a penalty this year, an earlier one, none, not known)."""
    import random

    from bot.nomination.eligibility import RATING_LEVELS
    from bot.nomination.wizard import Wizard

    rules = Rules(CATALOGUE, corpus_documents())
    wizard = Wizard(CATALOGUE, rules, "Hải Phòng", lambda *args: [])
    marks = {"✅": "eligible", "❌": "not_eligible", "⏸": "deferred", "⚠️": "incomplete"}
    rng = random.Random(152)
    seen = set()
    for award in CATALOGUE.awards.values():
        for kind in award.nominees:
            for _ in range(12):
                facts = {"year": YEAR, "confirm": {rule.id: True for rule in award.criteria},
                         "ratings": {str(y): rng.choice(list(RATING_LEVELS)) for y in range(YEAR - 6, YEAR + 1)},
                         "titles": {}, "initiative": rng.choice(["khong", "co-so", "tinh"]), "ldtt_percent": 90,
                         "members_completed": True, "has_cstdcs": True, "member_discipline": False,
                         "discipline": rng.choice([False, False, True, None]),
                         "disciplined_in": rng.choice([0, YEAR, YEAR - 1, None])}
                nominee = {"facts": {k: v for k, v in facts.items() if k != "year"}, "year": YEAR,
                           "achievements": [], "answered": []}
                session, _ = wizard.start()
                session.update(step="review", award=award.id, kind=kind, nominees=[nominee], current=0)
                review = wizard.review(session).text
                marked = [status for mark, status in marks.items() if f"\n{mark}" in review]
                reply = answer_eligibility("", {**facts, "nominee_kind": kind}, CATALOGUE, rules, "Hải Phòng",
                                           award_id=award.id, today=TODAY)
                if not judged_here(award.for_nominee(kind), "Hải Phòng"):  # only another province's criteria
                    if reply.deferred:  # a pending discipline or inspection defers it in both, whatever the criteria
                        assert marked == ["deferred"], (award.id, kind, review[-500:])
                        continue
                    assert reply.status == "not_covered" and marked != ["eligible"], (award.id, kind, review[-500:])
                    continue
                wanted = "deferred" if reply.deferred else reply.status
                assert marked == [wanted], (award.id, kind, facts, review[-500:], reply.headline)
                if facts["disciplined_in"] == YEAR and wanted == "not_eligible":
                    assert "thời điểm chấp hành xong" in review and "thời điểm chấp hành xong" in verdict_text(reply)
                seen.add(wanted)
    assert {"eligible", "not_eligible", "deferred", "incomplete"} <= seen
