"""Parsing Vietnamese legal structure, on the starter corpus and on texts made here."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from ingest.loaders import load_document
from ingest.structure import clauses, parse_units
from ingest.units import DocumentMeta
from tests.conftest import write

HEADING_RE = re.compile(r"^###\s+Điều\s+(\d+)\.", re.MULTILINE)


def corpus_files(corpus_dir: Path) -> list[Path]:
    return [p for p in sorted(corpus_dir.glob("*.md")) if p.name not in ("README.md", "INVENTORY.md")]


def test_every_article_heading_in_the_corpus_yields_a_unit(corpus_dir: Path) -> None:
    checked = 0
    for path in corpus_files(corpus_dir):
        meta, body = load_document(path)
        units = parse_units(meta, body)
        expected = HEADING_RE.findall(path.read_text(encoding="utf-8"))
        found = {unit.article for unit in units if unit.article}
        assert set(expected) <= found, f"{path.name}: missing {set(expected) - found}"
        assert found <= set(expected), f"{path.name}: invented {found - set(expected)}"
        checked += len(expected)
    assert checked > 50


def test_units_carry_document_chapter_and_article(corpus_dir: Path) -> None:
    meta, body = load_document(corpus_dir / "luat-tdkt-2022.md")
    units = {unit.unit_id: unit for unit in parse_units(meta, body)}
    unit = units["luat-tdkt-2022:d23"]
    assert unit.doc.number == "06/2022/QH15"
    assert unit.chapter.startswith("Chương II")
    assert "Chiến sĩ thi đua cơ sở" in unit.article_title
    assert unit.text.startswith("Danh hiệu “Chiến sĩ thi đua cơ sở”")
    assert "### Điều 24" not in unit.text and "Lao động tiên tiến" in unit.text


def test_a_decision_and_its_regulation_keep_apart(corpus_dir: Path) -> None:
    meta, body = load_document(corpus_dir / "qd-86-2025-bac-ninh.md")
    units = parse_units(meta, body)
    ids = [unit.unit_id for unit in units]
    assert len(ids) == len(set(ids))
    preamble = " ".join(unit.text for unit in units if not unit.article)
    assert "hiệu lực kể từ ngày 15 tháng 12 năm 2025" in preamble


def test_long_article_is_split_by_clause_keeping_its_heading() -> None:
    doc = DocumentMeta(id="d", title="Luật Thử")
    clause_text = "\n".join(f"{n}. Nội dung khoản {n} " + "rất dài " * 60 for n in range(1, 4))
    body = f"### Điều 9. Điều dài\nDẫn nhập của điều.\n{clause_text}\n"
    units = parse_units(doc, body, window=200)
    assert [unit.clause for unit in units] == ["1", "2", "3"]
    assert all("Điều 9. Điều dài" in unit.embed_text for unit in units)
    assert units[0].text.startswith("Dẫn nhập của điều.")
    assert len({unit.unit_id for unit in units}) == 3


def test_a_khoan_number_the_editor_restored_is_its_own_khoan() -> None:
    text = ("[1.] Nhiệm vụ phân quyền gồm:\na) Quy định chi tiết thủ tục cấp đổi hiện vật;\n"
            "2. Nhiệm vụ phân cấp gồm:\nc) Quy định hồ sơ thủ tục đề nghị xét tặng.")
    assert [(c.clause, c.point) for c in clauses(text)] == [("1", ""), ("1", "a"), ("2", ""), ("2", "c")]
    long = text.replace("hiện vật;", "hiện vật " + "rất dài " * 60 + ";")
    units = parse_units(DocumentMeta(id="d", title="Nghị định thử"), f"### Điều 6. Phân cấp\n{long}\n", window=200)
    assert [unit.clause for unit in units] == ["1", "2"]  # never khoản 1's text cited as khoản 2
    assert "cấp đổi" in units[0].text and "cấp đổi" not in units[1].text


def test_a_thematic_break_is_no_words_of_the_text() -> None:
    body = "### Điều 96. Khen thưởng\n1. Khoản một.\n2. Khoản hai.\n...\n\n---\n\n## Mục 2\nLời văn.\n* * *\n"
    units = parse_units(DocumentMeta(id="d", title="Luật Thử"), body)
    assert units and all("---" not in unit.text and "* * *" not in unit.text for unit in units)
    assert any("Khoản hai." in unit.text for unit in units)


def test_plain_text_and_points_including_dd(tmp_path: Path) -> None:
    path = write(tmp_path / "nghi-dinh.txt", (
        "NGHỊ ĐỊNH\nQUY ĐỊNH VỀ THỬ NGHIỆM\nCăn cứ Luật Thi đua, khen thưởng;\n"
        "Chương I\nQUY ĐỊNH CHUNG\n"
        "Điều 1. Phạm vi\nNghị định này quy định việc thử.\n"
        "Điều 2. Danh sách\n1. Các trường hợp:\na) Thứ nhất;\nđ) Thứ năm.\n2. Khoản hai.\n"
    ))
    meta, body = load_document(path)
    units = parse_units(meta, body)
    assert [unit.article for unit in units if unit.article] == ["1", "2"]
    parts = clauses(next(unit for unit in units if unit.article == "2").text)
    assert [(part.clause, part.point) for part in parts] == [("1", ""), ("1", "a"), ("1", "đ"), ("2", "")]
    assert parts[2].lead == "1. Các trường hợp:"
    assert parts[2].label == "điểm đ khoản 1"


def test_docx_articles_are_found(tmp_path: Path) -> None:
    document = docx.Document()
    for line in ("QUYẾT ĐỊNH", "Số: 12/2026/QĐ-UBND", "Hải Phòng, ngày 05 tháng 3 năm 2026",
                 "Điều 1. Ban hành quy định", "Ban hành kèm theo Quyết định này.",
                 "Điều 2. Hiệu lực", "Quyết định có hiệu lực từ ngày ký."):
        document.add_paragraph(line)
    path = tmp_path / "qd-12.docx"
    document.save(str(path))
    meta, body = load_document(path)
    assert meta.number == "12/2026/QĐ-UBND" and meta.type == "quyet-dinh" and meta.signed == "2026-03-05"
    assert set(meta.guessed) >= {"id", "number", "signed", "title", "status"}
    assert [unit.article for unit in parse_units(meta, body) if unit.article] == ["1", "2"]


@pytest.mark.parametrize("name", ["kh-982-2025-nghe-an.md", "kh-298-hai-phong-tin.md"])
def test_texts_without_articles_split_by_headings_and_paragraphs(corpus_dir: Path, name: str) -> None:
    meta, body = load_document(corpus_dir / name)
    units = parse_units(meta, body)
    assert units and all(not unit.article for unit in units)
    joined = "\n".join(unit.text for unit in units)
    last_paragraph = body.strip().splitlines()[-1].strip()
    assert last_paragraph[:60] in joined


def test_points_restored_by_an_editor_are_points() -> None:
    text = ("1. Cá nhân được tặng bằng khen:\n[a)] Bằng khen của Thủ tướng: 3,5 lần mức lương cơ sở;\n"
            "[b)] Bằng khen của tỉnh: 1,5 lần mức lương cơ sở.")
    points = [part for part in clauses(text) if part.point]
    assert [part.point for part in points] == ["a", "b"]
    assert points[1].lead.startswith("1. Cá nhân") and "1,5 lần" in points[1].text
