"""A "Có." / "Không." first line only where the quoted rule is about what was asked."""

from __future__ import annotations

from bot.engine.answer import Citation, direct_line

CITATION = Citation("d:d7", "d", "Luật thử", "01/2099/QH15", "luat", "7", "Huân chương", "khoản 2", "in-force")
OTHER_AWARD = ("2. “Huân chương Lao động” hạng Ba để tặng cho công nhân, nông dân được bình xét khi sơ kết, tổng kết "
               "phong trào thi đua.")


def test_a_clause_on_another_award_never_answers_yes() -> None:
    line = direct_line("Năm 2025 anh ấy có được bình xét Lao động tiên tiến khi sơ kết phong trào thi đua không?",
                       OTHER_AWARD, CITATION, "content", "Lao động tiên tiến", yes_no=True)
    assert not line.startswith(("Có.", "Không.")) and line.startswith("Theo khoản 2 Điều 7")


def test_a_clause_on_the_award_asked_about_still_answers() -> None:
    line = direct_line("Công nhân có được bình xét Huân chương Lao động hạng Ba khi sơ kết phong trào thi đua không?",
                       OTHER_AWARD, CITATION, "content", "Huân chương Lao động hạng Ba", yes_no=True)
    assert line.startswith("Có.")
