"""Read source files into NFC text plus document metadata.

One registry of supported formats (FORMATS) serves ingestion, uploads and help texts. Compressed containers
(.docx, .pdf) are checked against size limits before they are opened and parsed in a separate process with a
time limit, so a hostile file (a zip bomb) costs neither the bot's memory nor its time.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

import yaml

from ingest.amendments import declared, recognise, transfers
from ingest.legal_refs import DOC_NUMBER, DOC_NUMBER_RE, doc_type_of_number, national_number
from ingest.units import DocumentMeta
from ingest.vietnamese import nfc, slug

META_FIELDS = ("id", "title", "number", "type", "issuer", "signed", "effective", "status", "note")

# Limits for one source file; a real legal text is far below each of them.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_CONTAINER_XML_BYTES = 16 * 1024 * 1024  # uncompressed XML inside a .docx, as its zip directory declares
MAX_TEXT_CHARS = 3_000_000
PARSE_SECONDS = 30.0
PARSER_MEMORY_BYTES = 1536 * 1024 * 1024


class LoadError(Exception):
    """A file that cannot be read; the message says why, in Vietnamese, for the report."""


@dataclass(frozen=True)
class Format:
    label: str
    read: Callable[[Path, bytes], str]
    front_matter: bool = False
    isolated: bool = False  # parsed in its own process with a time limit


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError("không phải mã UTF-8 (hãy lưu lại tệp với mã hóa UTF-8)") from exc


def _plain_text(path: Path, raw: bytes) -> str:
    return _decode(raw)


def _html_file_text(path: Path, raw: bytes) -> str:
    return _html_text(_decode(raw))


def check_container(path: Path | BinaryIO, kind: str = ".docx") -> None:
    """Refuse a .docx (or another Office container, `kind`) whose parts would decompress beyond the limit, before
    anything inflates them (Python's zipfile never inflates a member past the size the directory declares, so the
    declared sizes bind)."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml_bytes = sum(info.file_size for info in archive.infolist()
                            if info.filename.endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError) as exc:
        raise LoadError(f"không phải tệp {kind} hợp lệ (tệp hỏng hoặc sai định dạng)") from exc
    if xml_bytes > MAX_CONTAINER_XML_BYTES:
        raise LoadError(f"tệp {kind} giải nén ra quá lớn ({xml_bytes // 1048576} MB nội dung XML, giới hạn "
                        f"{MAX_CONTAINER_XML_BYTES // 1048576} MB); có thể là tệp độc hại, không được nhận")


def _docx_text(path: Path, raw: bytes) -> str:
    """Paragraphs and tables in the order they stand in the document: the header table (số, ký hiệu, ngày)
    comes first, where the number and date are looked for, not glued to the last article."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    check_container(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise LoadError("không phải tệp .docx hợp lệ (tệp hỏng hoặc sai định dạng)") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _table_lines(table) -> list[str]:
    """One line per row; a merged cell (repeated by python-docx) counts once."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines


def _pdf_text(path: Path, raw: bytes) -> str:
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


FORMATS: dict[str, Format] = {
    ".md": Format("Markdown (có phần khai báo YAML)", _plain_text, front_matter=True),
    ".markdown": Format("Markdown (có phần khai báo YAML)", _plain_text, front_matter=True),
    ".txt": Format("văn bản thuần", _plain_text),
    ".docx": Format("Word", _docx_text, isolated=True),
    ".pdf": Format("PDF có lớp chữ", _pdf_text, isolated=True),
    ".html": Format("trang web", _html_file_text),
    ".htm": Format("trang web", _html_file_text),
}
SUPPORTED_SUFFIXES = frozenset(FORMATS)


def formats_text() -> str:
    """The supported formats for help texts and refusals: ".md, .markdown, .txt, .docx, .pdf, .html, .htm"."""
    return ", ".join(FORMATS)


def unsupported(suffix: str) -> str:
    return f"định dạng {suffix or '(không có đuôi)'} không được hỗ trợ (chỉ nhận {formats_text()})"


def load_document(path: Path) -> tuple[DocumentMeta, str]:
    """Read one file in this process; raise LoadError with a reason a staff member can act on."""
    suffix = path.suffix.lower()
    file_format = FORMATS.get(suffix)
    if file_format is None:
        raise LoadError(unsupported(suffix))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(f"tệp quá lớn ({size // 1048576} MB, giới hạn {MAX_FILE_BYTES // 1048576} MB)")
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"không đọc được tệp ({exc.strerror})") from exc
    if not raw.strip():
        raise LoadError("tệp rỗng")
    text = file_format.read(path, raw)
    if len(text) > MAX_TEXT_CHARS:
        raise LoadError(f"văn bản quá dài ({len(text):,} ký tự, giới hạn {MAX_TEXT_CHARS:,})".replace(",", "."))
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    front, body = split_front_matter(text) if file_format.front_matter else ({}, text)
    if not body.strip():
        raise LoadError("không có nội dung văn bản")
    return _metadata(path, front, body), body


def read_document(path: Path, timeout: float = PARSE_SECONDS) -> tuple[DocumentMeta, str]:
    """Read one file safely: compressed containers are checked, then parsed in a child process that is
    stopped after `timeout` seconds (and whose memory goes back to the system when it ends)."""
    suffix = path.suffix.lower()
    file_format = FORMATS.get(suffix)
    if file_format is None or not file_format.isolated:
        return load_document(path)
    if suffix == ".docx":
        check_container(path)
    package_root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    try:
        finished = subprocess.run([sys.executable, "-m", "ingest.loaders", str(path)], capture_output=True,
                                  timeout=timeout, env=env, cwd=package_root, check=False)
    except subprocess.TimeoutExpired:
        raise LoadError(f"đọc tệp quá {timeout:g} giây (tệp quá phức tạp hoặc độc hại), không được nhận") from None
    try:
        result = json.loads(finished.stdout)
    except ValueError:
        raise LoadError("không đọc được tệp (trình đọc dừng bất thường, có thể do tệp quá lớn)") from None
    if "error" in result:
        raise LoadError(result["error"])
    return DocumentMeta(**result["meta"]), result["body"]


def _read_in_child(path: str) -> int:
    """`python -m ingest.loaders PATH`: the child side of read_document; JSON on stdout."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (PARSER_MEMORY_BYTES, PARSER_MEMORY_BYTES))
    try:
        meta, body = load_document(Path(path))
        result: dict = {"meta": asdict(meta), "body": body}
    except LoadError as exc:
        result = {"error": str(exc)}
    except MemoryError:
        result = {"error": "tệp cần quá nhiều bộ nhớ để đọc, không được nhận"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split YAML front matter (between two '---' lines) from the body."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        return {}, text
    try:
        # libyaml's safe loader when PyYAML has it: a national corpus has thousands of front matters.
        front = yaml.load(text[4:end], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as exc:
        raise LoadError(f"phần khai báo (front matter) YAML bị lỗi: {exc.problem}") from exc
    if not isinstance(front, dict):
        raise LoadError("phần khai báo (front matter) không phải dạng khóa: giá trị")
    return front, text[end + 4 :].lstrip("\n")


DATE_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
TITLE_KEYWORDS = ("LUẬT", "NGHỊ ĐỊNH", "THÔNG TƯ", "QUYẾT ĐỊNH", "CHỈ THỊ", "KẾ HOẠCH", "NGHỊ QUYẾT")


OWN_NUMBER_RE = re.compile(rf"\bsố\s*:\s*({DOC_NUMBER})(?![\w])", re.IGNORECASE)


def _own_number(head: str) -> str:
    """A document's own number: the one of its header ("Số: 15/HD-SNV"); else the first that is not a national
    text's, since a local text cites the Law or a decree before it names itself ("Thực hiện Luật … số
    06/2022/QH15, …"); else the first."""
    if match := OWN_NUMBER_RE.search(head):
        return match.group(1)
    numbers = [match.group(1) for match in DOC_NUMBER_RE.finditer(head)]
    return next((number for number in numbers if not national_number(number)), numbers[0] if numbers else "")


def _metadata(path: Path, front: dict, body: str) -> DocumentMeta:
    values = {key: nfc(str(front[key])).strip() for key in META_FIELDS if front.get(key) not in (None, "")}
    guessed: list[str] = []
    head = body[:3000]
    if "id" not in values:
        values["id"] = slug(path.stem)
        guessed.append("id")
    if "number" not in values and (number := _own_number(head)):
        values["number"] = number
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
    return DocumentMeta(**values, source=str(path), guessed=guessed, amended_by=declared(front),
                        amends=recognise(body, values.get("effective", "")), transfers=transfers(body))


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


if __name__ == "__main__":
    sys.exit(_read_in_child(sys.argv[1]))
