"""Whom a rule is for (bot/engine/scope.py): a question asking a collective's reward or a civil servant's criteria
is not answered by the clause for individuals or for workers; it gets the clause for the ones it asks about, or a
plain gap that says whom the loaded clause rules. A small synthetic corpus and catalogue written here, indexed with
the deterministic HashEmbeddings, so the tests do not depend on how the real corpus ranks."""

from __future__ import annotations

import pytest

from bot.engine.scope import asked_for, fits, said_for
from bot.faces.render import render
from bot.lexicon import default_lexicon
from ingest.embeddings import register_embeddings
from tests.fakes import HashEmbeddings, indexed_settings

MODEL = "hash-scope"
register_embeddings(MODEL, HashEmbeddings)

LAW = """---
id: luat-pham-vi
title: Luật Thi đua thử nghiệm phạm vi
number: 09/2099/QH99
type: luat
issuer: Quốc hội
effective: 2099-01-01
status: in-force
---
### Điều 20. Danh hiệu “Lao động tiên tiến”
1. Danh hiệu “Lao động tiên tiến” để tặng cho cán bộ, công chức, viên chức đạt các tiêu chuẩn sau đây:
a) Hoàn thành tốt nhiệm vụ trở lên;
b) Chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của Nhà nước.
2. Danh hiệu “Lao động tiên tiến” để tặng cho công nhân, nông dân đạt các tiêu chuẩn sau đây:
a) Lao động, sản xuất có hiệu quả, tích cực tham gia phong trào thi đua;
b) Gương mẫu chấp hành chủ trương, chính sách của Đảng, pháp luật của Nhà nước.

### Điều 44. “Huân chương Lao động” hạng Ba
2. “Huân chương Lao động” hạng Ba để tặng cho công nhân, nông dân đạt một trong các tiêu chuẩn sau đây:
a) Có thành tích xuất sắc tiêu biểu trong lao động, sản xuất;
b) Có phát minh, sáng chế được ứng dụng mang lại hiệu quả cao.

### Điều 27. Danh hiệu “Tập thể lao động xuất sắc”
Danh hiệu “Tập thể lao động xuất sắc” để tặng cho tập thể đạt các tiêu chuẩn sau đây:
1. Có 100% cá nhân trong tập thể hoàn thành nhiệm vụ, trong đó có ít nhất là 70% cá nhân đạt danh hiệu “Lao động tiên
tiến”;
2. Có cá nhân đạt danh hiệu “Chiến sĩ thi đua cơ sở”.
"""

DECREE = """---
id: nd-pham-vi
title: Nghị định thử nghiệm về tiền thưởng
number: 09/2099/NĐ-CP
type: nghi-dinh
issuer: Chính phủ
effective: 2099-07-01
status: in-force
---
### Điều 51. Mức tiền thưởng Huân chương
1. Cá nhân được tặng Huân chương được tặng Bằng, khung, Huân chương kèm theo mức tiền thưởng như sau:
a) “Huân chương Lao động” hạng Nhì: 7,5 lần mức lương cơ sở;
b) “Huân chương Lao động” hạng Ba: 4,5 lần mức lương cơ sở.
2. Tập thể được tặng Huân chương được tặng Bằng, khung, Huân chương kèm theo mức tiền thưởng gấp hai lần mức tiền thưởng
đối với cá nhân.

### Điều 54. Mức tiền thưởng bằng khen
1. Mức tiền thưởng bằng khen:
a) Cá nhân được tặng “Bằng khen của Thủ tướng Chính phủ” được tặng bằng, khung và được thưởng 3,5 lần mức lương cơ sở;
b) Cá nhân được tặng bằng khen của bộ, ban, ngành, tỉnh được thưởng 1,5 lần mức lương cơ sở.

### Điều 50. Mức tiền thưởng danh hiệu thi đua
2. Đối với tập thể:
a) Danh hiệu “Tập thể lao động xuất sắc” được tặng Bằng chứng nhận, khung và được thưởng 1,5 lần mức lương cơ sở.
"""

RULES = """
awards:
  - id: lao-dong-tien-tien
    names: [lao động tiên tiến]
    rules:
      criteria: [{doc: luat-pham-vi, article: 20}]
  - id: huan-chuong-lao-dong
    names: [huân chương lao động]
    rules:
      criteria: [{doc: luat-pham-vi, article: 44, clause: 2, grade: ba}]
      amount: [{doc: nd-pham-vi, article: 51, clause: 1}, {doc: nd-pham-vi, article: 51, clause: 2}]
  - id: bang-khen-thu-tuong
    names: [bằng khen của thủ tướng chính phủ, bằng khen thủ tướng]
    rules:
      amount: [{doc: nd-pham-vi, article: 54, clause: 1, point: a}]
  - id: tap-the-xuat-sac-thu-nghiem
    names: [tập thể lao động xuất sắc]
    rules:
      criteria: [{doc: luat-pham-vi, article: 27}]
      amount: [{doc: nd-pham-vi, article: 50, clause: 2, point: a}]
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    from bot.services import build_engine

    return build_engine(indexed_settings(tmp_path_factory.mktemp("scope"), {"luat.md": LAW, "nd.md": DECREE}, RULES,
                                         MODEL))


def test_the_words_of_whom_and_whether_a_clause_fits() -> None:
    lexicon = default_lexicon()
    assert said_for("2. Tập thể được tặng Huân chương", lexicon) == {"tap-the"}
    assert said_for("để tặng cho công nhân, nông dân đạt", lexicon) == {"cong-nhan-nong-dan"}
    assert fits({"can-bo"}, {"ca-nhan"}, lexicon)  # a civil servant is an individual
    assert not fits({"tap-the"}, {"ca-nhan"}, lexicon)
    assert not fits({"can-bo"}, {"cong-nhan-nong-dan"}, lexicon)
    assert fits(set(), {"ca-nhan"}, lexicon) and fits({"tap-the"}, set(), lexicon)
    # the award's name says whom, whatever individuals its criteria talk of; both named tell no one
    assert asked_for(frozenset({"ca-nhan"}), "Tập thể lao động xuất sắc", lexicon) == {"tap-the"}
    assert asked_for(frozenset({"ca-nhan", "tap-the"}), "Huân chương", lexicon) == frozenset()
    assert asked_for(frozenset({"can-bo", "cong-nhan-nong-dan"}), "Lao động tiên tiến", lexicon) == {"ca-nhan"}


def test_a_collectives_reward_is_not_the_individuals_figure(engine) -> None:
    answer = engine.ask("Tập thể được Bằng khen Thủ tướng thì thưởng bao nhiêu?")
    text = render(answer)
    assert answer.refused and "3,5 lần" not in text.split("Liên quan")[0]
    assert "đối với tập thể" in text and "quy định cho cá nhân" in text
    assert any(c.article == "54" for c in answer.related)  # the individuals' clause, shown as related only


def test_an_enterprise_asking_is_a_collective(engine) -> None:
    lexicon = default_lexicon()
    assert said_for("Doanh nghiệp tôi muốn xin", lexicon) == {"tap-the"}
    assert said_for("hop tac xa nong nghiep", lexicon) == {"tap-the"}
    # an individual in an enterprise names both, which tells no one: the individuals' rule is not withheld
    assert asked_for(said_for("công nhân doanh nghiệp", lexicon), "Lao động tiên tiến", lexicon) == frozenset()
    assert asked_for(said_for("Giám đốc doanh nghiệp được Bằng khen", lexicon), "Bằng khen", lexicon) == frozenset()
    answer = engine.ask("Doanh nghiệp được Bằng khen Thủ tướng thì thưởng bao nhiêu?")
    assert answer.refused and "3,5 lần" not in render(answer).split("Liên quan")[0]


def test_a_collectives_reward_is_its_own_khoan_when_loaded(engine) -> None:
    answer = engine.ask("Tập thể được tặng Huân chương Lao động hạng Ba thưởng bao nhiêu?")
    assert answer.covered and answer.quote_citation.clause == "khoản 2"
    assert "gấp hai lần" in render(answer)
    individual = engine.ask("Huân chương Lao động hạng Ba thưởng bao nhiêu?")
    assert "4,5 lần mức lương cơ sở" in render(individual)


def test_a_civil_servants_criteria_are_not_the_workers_clause(engine) -> None:
    answer = engine.ask("Cán bộ công chức muốn được Huân chương Lao động hạng Ba cần tiêu chuẩn gì?")
    text = render(answer)
    assert answer.refused and "đối với cán bộ, công chức, viên chức" in text
    assert "quy định cho công nhân, nông dân" in text
    worker = engine.ask("Tiêu chuẩn Huân chương Lao động hạng Ba cho nông dân là gì?")
    assert worker.covered and "thành tích xuất sắc tiêu biểu" in render(worker)
    # a count required is a criterion too ("bao nhiêu năm"), asked of a civil servant
    years = engine.ask("Công chức cần bao nhiêu năm công tác thì được Huân chương Lao động hạng Ba?")
    assert years.refused and "quy định cho công nhân, nông dân" in render(years)


def test_an_article_whose_khoan_rule_different_people_quotes_the_one_asked(engine) -> None:
    farmer = engine.ask("Nông dân muốn được Lao động tiên tiến cần tiêu chuẩn gì?")
    assert farmer.covered and farmer.quote_citation.clause == "khoản 2"
    assert "sản xuất có hiệu quả" in render(farmer)
    official = engine.ask("Tiêu chuẩn Lao động tiên tiến đối với công chức?")
    assert official.covered and official.quote_citation.clause == "khoản 1"


def test_whether_one_may_be_awarded_quotes_the_khoan_for_them(engine) -> None:
    """"có được … không?" with no history to judge is answered by the criteria: the khoản for the ones asked about,
    not the ones they are compared with or said not to be."""
    farmer = engine.ask("Nông dân có được xét Lao động tiên tiến giống cán bộ xã không?")
    assert farmer.covered and farmer.quote_citation.clause == "khoản 2"
    denied = engine.ask("Xã viên đâu phải công chức viên chức, vậy tiêu chuẩn Lao động tiên tiến với họ ra sao?")
    assert denied.covered and denied.quote_citation.clause == "khoản 2"


def test_individuals_in_a_collectives_criteria_do_not_make_it_an_individuals_question(engine) -> None:
    answer = engine.ask("Tập thể lao động xuất sắc cần bao nhiêu phần trăm cá nhân đạt Lao động tiên tiến?")
    assert answer.covered and "70% cá nhân" in render(answer)


def test_a_follow_up_for_a_collective_is_asked_for_it(engine) -> None:
    first = engine.exchange("Cá nhân được Bằng khen Thủ tướng thưởng bao nhiêu?")
    assert "3,5 lần" in render(first.answer)
    then = engine.exchange("Còn tập thể thì sao?", first)
    assert then.answer.refused and "đối với tập thể" in render(then.answer)


def test_an_article_titled_with_the_award_alone_does_not_answer_its_dossier(engine) -> None:
    # Điều 27 is titled with the award's name: it holds whom the award is for and its criteria, not the dossier
    answer = engine.ask("Hồ sơ đề nghị Tập thể lao động xuất sắc gồm những gì?")
    assert answer.refused and answer.gap is not None and answer.gap.intent == "dossier"
    assert engine.ask("Tiêu chuẩn Tập thể lao động xuất sắc là gì?").covered
