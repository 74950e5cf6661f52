"""Readers: one registry of formats, .docx in document order, limits that stop a hostile file cheaply."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import docx
import pytest

from ingest.loaders import (
    FORMATS,
    MAX_CONTAINER_XML_BYTES,
    LoadError,
    check_container,
    formats_text,
    load_document,
    read_document,
)
from ingest.structure import parse_units

FILLER = ("Các cơ quan, tổ chức, đơn vị có trách nhiệm tổ chức phong trào thi đua, phát hiện, lựa chọn các tập thể, "
          "cá nhân có thành tích xứng đáng để khen thưởng kịp thời, chính xác, công khai, minh bạch.")


def circular_docx(path: Path) -> Path:
    """A circular the way offices write it: the header table (số, ký hiệu, ngày) first, then the articles."""
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "BỘ NỘI VỤ\nSố: 12/2099/TT-BNV"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày 5 tháng 3 năm 2099"
    document.add_paragraph("THÔNG TƯ")
    document.add_paragraph("Hướng dẫn mẫu về công tác thi đua")
    for number in range(1, 5):
        document.add_paragraph(f"Điều {number}. Quy định mẫu số {number}")
        for _ in range(4):
            document.add_paragraph(FILLER)
    document.save(str(path))
    return path


def zip_bomb_docx(path: Path, xml_megabytes: int = 40) -> Path:
    """A real .docx whose document.xml is swapped for tens of MB of repetitive XML (about 100-200 KB packed)."""
    plain = path.with_name("plain.docx")
    docx.Document().save(str(plain))
    paragraph = "<w:p><w:r><w:t>" + "thi đua khen thưởng " * 50 + "</w:t></w:r></w:p>"
    repeat = xml_megabytes * 1024 * 1024 // len(paragraph.encode())
    body = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + paragraph * repeat + "</w:body></w:document>")
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in source.infolist():
            out.writestr(item.filename, body if item.filename == "word/document.xml" else source.read(item.filename))
    plain.unlink()
    return path


def test_one_registry_names_every_format() -> None:
    assert set(FORMATS) >= {".md", ".txt", ".docx", ".pdf", ".html"}
    assert all(suffix in formats_text() for suffix in FORMATS)
    with pytest.raises(LoadError) as raised:
        load_document(Path("bang-tinh.xlsx"))
    assert "không được hỗ trợ" in str(raised.value) and ".docx" in str(raised.value)


def test_docx_is_read_in_document_order(tmp_path: Path) -> None:
    meta, body = load_document(circular_docx(tmp_path / "thong-tu-mau.docx"))
    assert body.index("12/2099/TT-BNV") < body.index("Điều 1.")
    assert meta.number == "12/2099/TT-BNV" and meta.signed == "2099-03-05"
    units = parse_units(meta, body)
    last = [unit for unit in units if unit.article == "4"]
    assert last and all("TT-BNV" not in unit.text and "CỘNG HÒA" not in unit.text for unit in last)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = zip_bomb_docx(tmp_path / "bom.docx")
    declared = sum(info.file_size for info in zipfile.ZipFile(bomb).infolist())
    assert bomb.stat().st_size < 400 * 1024 and declared > 2 * MAX_CONTAINER_XML_BYTES
    started = time.monotonic()
    for reader in (check_container, load_document, read_document):
        with pytest.raises(LoadError) as raised:
            reader(bomb)
        assert "quá lớn" in str(raised.value)
    assert time.monotonic() - started < 5


def test_a_slow_parse_is_stopped(tmp_path: Path) -> None:
    circular = circular_docx(tmp_path / "thong-tu-mau.docx")
    with pytest.raises(LoadError) as raised:
        read_document(circular, timeout=0.01)
    assert "giây" in str(raised.value)
    meta, body = read_document(circular)  # the same file within the limit, through the worker process
    assert meta.number == "12/2099/TT-BNV" and "Điều 4." in body
