"""An admin's upload: checked, parsed safely and stored in the upload folder, or refused with a reason.

An upload never replaces or shadows another document unless an admin has confirmed the replacement
(`replace=True`), and then only an earlier upload: a document of the other knowledge folders (the Law, the
decrees) cannot be taken out of the index by a file sent in a chat. Blocking (it parses the file): faces call
it off their event loop.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from ingest.faults import fault_text
from ingest.legal_refs import document_name
from ingest.loaders import FORMATS, PARSE_SECONDS, LoadError, read_document, split_front_matter, unsupported
from ingest.refresh import IGNORED_NAMES, RefreshReport
from ingest.structure import parse_units
from ingest.units import DocumentMeta
from ingest.vietnamese import clean, slug

RESERVED_STEMS = frozenset(Path(name).stem.lower() for name in IGNORED_NAMES)


@dataclass
class Existing:
    """A document the upload would collide with."""

    doc_id: str
    title: str
    number: str
    source: str
    uploaded: bool  # an earlier upload (may be replaced) or a document of the other knowledge folders (never)

    def describe(self) -> str:
        number = f" ({self.number})" if self.number else ""
        return f"{self.title}{number}, mã {self.doc_id}, tệp {Path(self.source).name}"


@dataclass
class UploadResult:
    accepted: bool
    message: str  # what to tell the admin, in Vietnamese
    file_name: str = ""  # the name the file is (or would be) stored under
    meta: DocumentMeta | None = None
    units: int = 0
    articles: list[str] = field(default_factory=list)
    needs_confirmation: bool = False  # ask the admin, then call again with replace=True
    conflicts: list[Existing] = field(default_factory=list)

    def after_refresh(self, report: RefreshReport) -> str:
        """Whether the accepted document is now answerable, or why not, from the refresh that followed."""
        if not self.accepted or self.meta is None:
            return self.message
        indexed = {document.meta.id: document for document in report.documents}
        document = indexed.get(self.meta.id)
        if document is not None and Path(document.meta.source).name == self.file_name:
            return f"Văn bản {self.meta.title} đã có trong cơ sở tri thức ({len(document.units)} đơn vị trích dẫn)."
        reasons = [reason for shown, reason in report.skipped if Path(shown).name == self.file_name]
        why = reasons[0] if reasons else "không thấy tệp trong lần cập nhật"
        return f"Tệp {self.file_name} chưa được đưa vào cơ sở tri thức: {why}."


def safe_file_name(name: str) -> str:
    """A name that stays in the upload folder, is not hidden, is not one the refresh ignores and says what the
    file is: "..\\..\\Quyết định 86.docx" -> "quyet-dinh-86.docx"; the id a file name gives stays the same."""
    base = PureWindowsPath(clean(name)).name  # both separators, whatever system the sender used
    path = Path(base)
    suffix = path.suffix.lower()
    stem = slug(path.stem.lstrip("."), limit=80, default="van-ban")
    if stem in RESERVED_STEMS:
        stem += "-tai-len"
    return f"{stem}{suffix}"


def accept_upload(name: str, data: bytes, upload_dir: Path, indexed: dict[str, dict], *, replace: bool = False,
                  max_bytes: int = 20 * 1024 * 1024, timeout: float = PARSE_SECONDS) -> UploadResult:
    """Check, parse and store one upload. `indexed` is what the index serves (document id -> its registry
    entry, with `source`, `title`, `number`). Nothing is written unless the result is accepted."""
    file_name = safe_file_name(name)
    suffix = Path(file_name).suffix
    if suffix not in FORMATS:
        return UploadResult(False, f"Không nhận tệp {file_name}: {unsupported(suffix)}.", file_name)
    if len(data) > max_bytes:
        return UploadResult(False, f"Tệp quá lớn ({len(data) / 1048576:.1f} MB); giới hạn "
                                   f"{max_bytes // 1048576} MB.", file_name)
    target = upload_dir / file_name
    if target.is_file() and target.read_bytes() == data:
        return UploadResult(False, f"Tệp {file_name} đã có, giống hệt bản này; cơ sở tri thức không thay đổi.",
                            file_name)
    try:
        meta, units = _parse(file_name, data, timeout)
    except LoadError as exc:
        return UploadResult(False, f"Không đọc được tệp {file_name}: {exc}. Cơ sở tri thức không thay đổi.",
                            file_name)
    meta.source = str(target)
    articles = sorted({u.article for u in units if u.article}, key=lambda a: (len(a), a))
    result = UploadResult(True, "", file_name, meta, len(units), articles)
    if not units:
        return UploadResult(False, f"Không tách được nội dung nào từ tệp {file_name}; cơ sở tri thức không "
                                   "thay đổi.", file_name)

    result.conflicts = _conflicts(meta, target, upload_dir, indexed)
    if result.conflicts:
        fixed = [c for c in result.conflicts if not c.uploaded]
        if fixed:
            return UploadResult(False, f"Không nhận tệp {file_name}: văn bản này trùng với văn bản gốc đã có "
                                       f"({fixed[0].describe()}); tệp tải lên không thể thay văn bản gốc. Nếu đây là "
                                       "văn bản khác, hãy đặt mã (id) khác trong phần khai báo.",
                                file_name, meta, conflicts=result.conflicts)
        if not replace:
            listed = "; ".join(c.describe() for c in result.conflicts)
            return UploadResult(False, f"Tệp {file_name} sẽ thay văn bản đã tải lên trước: {listed}. Chỉ thay "
                                       "khi quản trị viên xác nhận.", file_name, meta, len(units), articles,
                                needs_confirmation=True, conflicts=result.conflicts)
    try:
        _store(target, data)
    except OSError as exc:
        return UploadResult(False, f"Không lưu được tệp {file_name}: {fault_text(exc)}. Cơ sở tri thức không thay "
                                   "đổi.", file_name)
    for conflict in result.conflicts:
        replaced = Path(conflict.source)
        if replaced != target.resolve() and _inside(replaced, upload_dir) and replaced.is_file():
            replaced.unlink()
    result.message = _summary(result)
    return result


def _parse(file_name: str, data: bytes, timeout: float) -> tuple[DocumentMeta, list]:
    with tempfile.TemporaryDirectory(prefix="thiduabot-upload-") as scratch:
        candidate = Path(scratch) / file_name
        candidate.write_bytes(data)
        meta, body = read_document(candidate, timeout=timeout)
    return meta, parse_units(meta, body)


def _conflicts(meta: DocumentMeta, target: Path, upload_dir: Path, indexed: dict[str, dict]) -> list[Existing]:
    """Documents with the same id or the same number, indexed or waiting in the upload folder, and the file
    of the same name (an earlier upload) whatever it holds."""
    found: dict[str, Existing] = {}
    number = meta.number.casefold()
    for doc_id, entry in indexed.items():
        same_number = bool(number) and (entry.get("number") or "").casefold() == number
        if doc_id == meta.id or same_number:
            source = str(Path(entry.get("source") or doc_id).resolve())
            found[source] = Existing(doc_id, entry.get("title") or doc_id, entry.get("number") or "", source,
                                     _inside(Path(source), upload_dir))
    for path, doc_id in _pending_uploads(upload_dir).items():
        source = str(path.resolve())
        if (doc_id == meta.id or path == target) and source not in found:
            found[source] = Existing(doc_id, doc_id, "", source, True)
    return list(found.values())


def _pending_uploads(upload_dir: Path) -> dict[Path, str]:
    """Files in the upload folder by the id they declare (front matter) or their name gives; cheap, no parsing
    beyond a Markdown header."""
    ids: dict[Path, str] = {}
    if not upload_dir.is_dir():
        return ids
    for path in upload_dir.iterdir():
        if not path.is_file() or path.name.startswith(".") or path.suffix.lower() not in FORMATS:
            continue
        doc_id = slug(path.stem)
        if FORMATS[path.suffix.lower()].front_matter:
            try:
                front, _ = split_front_matter(path.read_text(encoding="utf-8-sig")[:8192])
                doc_id = str(front.get("id") or doc_id)
            except (LoadError, OSError, UnicodeDecodeError):
                pass
        ids[path] = doc_id
    return ids


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().parent == folder.resolve()


def _store(target: Path, data: bytes) -> None:
    """Write whole or not at all: a crash leaves a hidden .part file the refresh ignores; a failed write (a full
    disk) removes its own."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


def _summary(result: UploadResult) -> str:
    meta = result.meta
    assert meta is not None
    articles = result.articles
    found = (f"{len(articles)} Điều ({', '.join(articles[:30])}{'…' if len(articles) > 30 else ''})" if articles
             else f"{result.units} phần (không chia Điều)")
    lines = [f"Đã nhận: {document_name(meta.title, meta.number)}", f"Tìm thấy: {found}."]
    if meta.guessed:
        lines.append(f"Đoán từ nội dung: {', '.join(meta.guessed)}.")
    if result.conflicts:
        lines.append("Thay cho: " + "; ".join(c.describe() for c in result.conflicts) + ".")
    return "\n".join(lines)
