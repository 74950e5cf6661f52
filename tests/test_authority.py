"""Who decides: a question naming a post is answered by that post's khoản; a question naming an award that each
level's head gives is answered with every one of them, not one level picked at random."""

from __future__ import annotations

from bot.engine.answer import Citation, actor_overlap, decisive_clause, direct_line
from ingest.units import DocumentMeta, Unit

ARTICLE = Unit(DocumentMeta("luat", "Luật thử", "01/2099/QH99", "luat"), "\n".join([
    "1. Thủ trưởng cơ quan chuyên môn thuộc Ủy ban nhân dân cấp tỉnh quyết định tặng danh hiệu “Tập thể mẫu”, "
    "“Lao động mẫu” và giấy khen.",
    "2. Chủ tịch Ủy ban nhân dân cấp huyện quyết định tặng danh hiệu “Tập thể mẫu”, “Lao động mẫu” và giấy khen.",
    "3. Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng danh hiệu “Lao động mẫu”, giấy khen và danh hiệu "
    "“Gia đình mẫu”.",
    "4. Thẩm quyền quyết định tặng danh hiệu “Lao động mẫu” trong lực lượng vũ trang do Bộ trưởng quy định.",
    "5. Bộ Nội vụ thẩm định hồ sơ, trình Thủ tướng Chính phủ quyết định tặng danh hiệu “Tập thể mẫu” cấp quốc gia.",
]), article="80", article_title="Thẩm quyền quyết định tặng")
CITATION = Citation("luat:d80", "luat", "Luật thử", "01/2099/QH99", "luat", "80", "Thẩm quyền", "", "in-force")


def answer(question: str, subject: str = "") -> tuple[str, str]:
    label, quote = decisive_clause(question, ARTICLE, subject, "authority")
    return label, direct_line(question, quote, CITATION, "authority", subject)


def test_the_post_a_question_names_is_answered_by_its_own_khoan() -> None:
    label, lead = answer("Chủ tịch UBND cấp xã được quyết định tặng những danh hiệu nào?")
    assert label == "khoản 3" and "Gia đình mẫu" in lead and "cấp huyện" not in lead
    label, lead = answer("chu tich uy ban nhan dan cap huyen co tham quyen tang giay khen khong")
    assert label == "khoản 2" and lead.endswith("“Lao động mẫu” và giấy khen.")


def test_a_post_named_as_staff_name_it_is_read_in_the_laws_words() -> None:
    label, lead = answer("Giám đốc Sở có thẩm quyền tặng danh hiệu Lao động mẫu không?")
    assert label == "khoản 1" and "Thủ trưởng cơ quan chuyên môn" in lead
    label, _ = answer("chu tich ubnd phuong duoc tang nhung danh hieu nao")
    assert label == "khoản 3"


def test_the_post_asked_about_is_the_actor_not_a_body_named_as_the_alternative() -> None:
    # "… hay phải trình Ủy ban nhân dân cấp xã?" names a body, not the post asked about: only a post's words count
    commune = "3. Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng danh hiệu “Lao động mẫu”, giấy khen."
    enterprise = "4. Tổng giám đốc, Giám đốc doanh nghiệp, hợp tác xã quyết định tặng danh hiệu “Lao động mẫu”."
    for question in ("Giám đốc hợp tác xã có được tặng giấy khen cho xã viên không, hay phải trình Ủy ban nhân dân "
                     "cấp xã?", "giam doc htx co duoc tang giay khen khong hay phai trinh uy ban nhan dan cap xa"):
        assert actor_overlap(question, enterprise) > actor_overlap(question, commune)
    # a question naming no post keeps every word: a body named is what there is
    assert actor_overlap("Ủy ban nhân dân cấp xã tặng những gì?", commune) > \
        actor_overlap("Ủy ban nhân dân cấp xã tặng những gì?", enterprise)


def test_a_company_s_director_is_answered_by_the_enterprise_khoan_not_the_commune_s(corpus_engine) -> None:
    answer = corpus_engine.ask("Giám đốc công ty có được quyết định tặng LĐTT, CSTĐCS cho công nhân không, hay phải "
                               "trình lên UBND phường?")
    cited = answer.quote_citation
    assert (cited.doc_id, cited.article, cited.clause) == ("luat-tdkt-2022", "80", "khoản 4")
    assert "Giám đốc doanh nghiệp" in answer.lead
    # the awards asked are named as the lead says them, never inside the clause's quoted list
    assert "“Lao động tiên tiến và" not in answer.lead


def test_who_decides_for_the_people_asked_about_is_the_khoan_naming_them(corpus_engine) -> None:
    """Dân quân thường trực: the khoản naming them (khoản 5 Điều 80: the Ministries of Defence and Public Security
    lay it down), not the commune chair's; a civil servant, whom no khoản's lead-in names, keeps the chair."""
    from bot.nomination.catalogue import RuleRef

    militia = corpus_engine.ask("Dân quân thường trực thì ai quyết định tặng Lao động tiên tiến?").quote_citation
    assert (militia.doc_id, militia.article, militia.clause) == ("luat-tdkt-2022", "80", "khoản 5")
    # the khoản the catalogue's rule (the whole Điều 80) is quoted by, whatever retrieval ranks first
    part = corpus_engine.understand("Dân quân thường trực ở phường thì ai ký quyết định tặng LĐTT?").parts[0]
    unit = next(u for u in corpus_engine.retriever.units.values()
                if (u.doc.id, u.article) == ("luat-tdkt-2022", "80") and "dân quân thường trực" in u.text)
    quoted, _ = corpus_engine._quote_for(part, part.subject, RuleRef("luat-tdkt-2022", "80"), unit)
    assert quoted is not None and quoted[0] == "khoản 5"
    # a khoản naming them but not the award asked is not theirs for it (khoản 5 lists no giấy khen)
    cited = corpus_engine.ask("Ai quyết định tặng giấy khen cho công an xã?").quote_citation
    assert cited is None or cited.clause != "khoản 5"
    servant = corpus_engine.ask("Công chức phường thì ai quyết định tặng Lao động tiên tiến?")
    assert "Chủ tịch Ủy ban nhân dân cấp xã" in servant.lead


def test_an_award_given_at_every_level_names_every_head() -> None:
    _, lead = answer("Ai quyết định tặng danh hiệu Lao động mẫu?", "Lao động mẫu")
    for head in ("Thủ trưởng cơ quan chuyên môn", "Chủ tịch Ủy ban nhân dân cấp huyện",
                 "Chủ tịch Ủy ban nhân dân cấp xã"):
        assert head in lead
    assert "Thẩm quyền quyết định" not in lead and "Bộ Nội vụ" not in lead
    _, lead = answer("Ai quyết định tặng danh hiệu Gia đình mẫu?", "Gia đình mẫu")
    assert "cấp xã quyết định tặng Gia đình mẫu." in lead and "cấp huyện" not in lead


def test_the_named_post_is_the_first_line_wherever_its_khoan_stands() -> None:
    quote = ("1. Chính phủ quyết định tặng “Cờ mẫu của Chính phủ”.\n"
             "2. Thủ tướng Chính phủ quyết định tặng danh hiệu “Chiến sĩ mẫu toàn quốc”, “Bằng khen mẫu”.")
    lead = direct_line("Thủ tướng Chính phủ có thẩm quyền tặng những hình thức khen thưởng nào?", quote, CITATION,
                       "authority")
    assert lead.endswith(": Thủ tướng Chính phủ quyết định tặng danh hiệu “Chiến sĩ mẫu toàn quốc”, “Bằng khen mẫu”.")


def test_the_article_where_the_named_post_decides_ranks_first() -> None:
    from bot.engine.rank import boost
    from bot.engine.retrieve import Hit
    from bot.engine.understand import Part

    proposing = Unit(DocumentMeta("luat", "Luật thử", "01/2099/QH99", "luat"),
                     "1. Danh hiệu thi đua được bình xét và đề nghị từ đơn vị cơ sở thuộc doanh nghiệp; cấp quản lý "
                     "người lao động đề nghị cấp trên tặng danh hiệu thi đua cho người lao động của doanh nghiệp.",
                     article="83", article_title="Thẩm quyền đề nghị")
    deciding = Unit(DocumentMeta("luat", "Luật thử", "01/2099/QH99", "luat"),
                    ARTICLE.text + "\n6. Tổng giám đốc, Giám đốc doanh nghiệp quyết định tặng danh hiệu “Lao động "
                    "mẫu” và giấy khen.", article="80", article_title="Thẩm quyền quyết định tặng")
    question = "Giám đốc doanh nghiệp được tặng những danh hiệu thi đua nào cho người lao động?"
    hits = boost([Hit(proposing, 0.06), Hit(deciding, 0.04)], Part(question, "authority", []), question,
                 {unit.unit_id: unit for unit in (proposing, deciding)})
    assert hits[0].unit.article == "80"
    assert decisive_clause(question, deciding, "", "authority")[0] == "khoản 6"
