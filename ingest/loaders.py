"""Read source files (.md, .txt, .docx, .pdf, .html) into NFC text plus document metadata."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import yaml

from ingest.legal_refs import DOC_NUMBER_RE, doc_type_of_number
from ingest.units import DocumentMeta
from ingest.vietnamese import nfc, slug

SUPPORTED_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".docx", ".pdf", ".html", ".htm"})
META_FIELDS = ("id", "title", "number", "type", "issuer", "signed", "effective", "status", "note")


class LoadError(Exception):
    """A file that cannot be read; the message says why, in Vietnamese, for the report."""


def load_document(path: Path) -> tuple[DocumentMeta, str]:
    """Read one file; raise LoadError with a reason a staff member can act on."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"định dạng {suffix or '(không có đuôi)'} không được hỗ trợ")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"không đọc được tệp ({exc.strerror})") from exc
    if not raw.strip():
        raise LoadError("tệp rỗng")
    if suffix == ".docx":
        text = _docx_text(path)
    elif suffix == ".pdf":
        text = _pdf_text(path)
    else:
        text = _decode(raw)
        if suffix in (".html", ".htm"):
            text = _html_text(text)
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    front, body = split_front_matter(text) if suffix in (".md", ".markdown") else ({}, text)
    if not body.strip():
        raise LoadError("không có nội dung văn bản")
    return _metadata(path, front, body), body


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError("không phải mã UTF-8 (hãy lưu lại tệp với mã hóa UTF-8)") from exc


def _docx_text(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise LoadError("không phải tệp .docx hợp lệ (tệp hỏng hoặc sai định dạng)") from exc
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LoadError("PDF có mật khẩu")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except LoadError:
        raise
    except (PdfReadError, ValueError, OSError, KeyError) as exc:
        raise LoadError("không đọc được PDF (tệp hỏng hoặc không phải PDF)") from exc
    if not text.strip():
        raise LoadError("PDF không có lớp chữ (có thể là bản quét ảnh; cần bản có chữ hoặc .docx)")
    return text


class _TextExtractor(HTMLParser):
    BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"})
    SKIP = frozenset({"script", "style", "head", "nav", "footer"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split YAML front matter (between two '---' lines) from the body."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        return {}, text
    try:
        front = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as exc:
        raise LoadError(f"phần khai báo (front matter) YAML bị lỗi: {exc.problem}") from exc
    if not isinstance(front, dict):
        raise LoadError("phần khai báo (front matter) không phải dạng khóa: giá trị")
    return front, text[end + 4 :].lstrip("\n")


DATE_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
TITLE_KEYWORDS = ("LUẬT", "NGHỊ ĐỊNH", "THÔNG TƯ", "QUYẾT ĐỊNH", "CHỈ THỊ", "KẾ HOẠCH", "NGHỊ QUYẾT")


def _metadata(path: Path, front: dict, body: str) -> DocumentMeta:
    values = {key: nfc(str(front[key])).strip() for key in META_FIELDS if front.get(key) not in (None, "")}
    guessed: list[str] = []
    head = body[:3000]
    if "id" not in values:
        values["id"] = slug(path.stem)
        guessed.append("id")
    if "number" not in values and (match := DOC_NUMBER_RE.search(head)):
        values["number"] = match.group(1)
        guessed.append("number")
    if "type" not in values and (doc_type := doc_type_of_number(values.get("number", ""))):
        values["type"] = doc_type
        guessed.append("type")
    if "signed" not in values and (match := DATE_RE.search(head)):
        day, month, year = match.groups()
        values["signed"] = f"{year}-{int(month):02d}-{int(day):02d}"
        guessed.append("signed")
    if "title" not in values:
        values["title"] = _guess_title(body) or path.stem
        guessed.append("title")
    if "status" not in values:
        guessed.append("status")
    return DocumentMeta(**values, source=str(path), guessed=guessed)


def _guess_title(body: str) -> str:
    """The type line in capitals ("NGHỊ ĐỊNH") and the line after it, the way Vietnamese texts open."""
    lines = [line.strip().lstrip("#").strip() for line in body.splitlines() if line.strip()]
    for index, line in enumerate(lines[:40]):
        if line.isupper() and line.startswith(TITLE_KEYWORDS):
            title = line.capitalize()
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if following and not following.lower().startswith(("căn cứ", "điều", "chương")):
                title += " " + (following.lower() if following.isupper() else following)
            return title[:200]
    return lines[0][:200] if lines else ""
