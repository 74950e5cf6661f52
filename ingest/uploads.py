"""An admin's upload: checked, parsed safely and stored in the upload folder, or refused with a reason.

An upload never replaces or shadows another document unless an admin has confirmed the replacement
(`replace=True`), and then only an earlier upload: a document of the other knowledge folders (the Law, the
decrees) cannot be taken out of the index by a file sent in a chat. Blocking (it parses the file): faces call
it off their event loop.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from ingest.faults import fault_text
from ingest.legal_refs import document_name
from ingest.loaders import FORMATS, PARSE_SECONDS, LoadError, read_document, unsupported
from ingest.provenance import MANIFEST, Manifest, locked_manifest
from ingest.refresh import IDENTITY_LABELS, IGNORED_NAMES, RefreshReport
from ingest.structure import parse_units
from ingest.units import DocumentMeta, shared_identity
from ingest.vietnamese import clean, match_form, slug

RESERVED_STEMS = frozenset(Path(name).stem.lower() for name in IGNORED_NAMES)
DAMAGED_MANIFEST = (f"Sổ ghi nguồn gốc các văn bản tải lên ({MANIFEST}) không đọc được: chưa thể nhận tệp mới hay ghi "
                    "việc đối chiếu bản gốc. Cơ sở tri thức không thay đổi; hãy nhờ người vận hành kiểm tra tệp đó.")
# What a sentence that speaks to the assistant looks like (matched on match_form: folded, lower case). A legal
# text orders agencies and people, never "the assistant", and never tells its reader to ignore instructions.
ASSISTANT_DIRECTIONS = tuple(re.compile(pattern) for pattern in (
    r"\b(bo qua|phot lo|khong (can )?tuan theo|ignore|disregard|forget)\b.{0,40}"
    r"\b(huong dan|chi dan|chi thi|yeu cau|quy tac|instructions?|rules?|prompts?)\b",
    r"\b(ban la|hay dong vai|tu (gio|nay|bay gio))\b.{0,40}\b(tro ly|chatbot|bot|mo hinh|ai)\b",
    r"\b(tro ly|chatbot|mo hinh ngon ngu|assistant)\b.{0,40}\b(phai|hay|luon|must|always)\b",
    r"\b(system prompt|you are (now )?(an? )?(assistant|ai|chatbot))\b",
))


@dataclass
class Existing:
    """A document the upload would collide with."""

    doc_id: str
    title: str
    number: str
    source: str
    uploaded: bool  # an earlier upload (may be replaced) or a document of the knowledge folders (never)
    same: str = ""  # what they share: "mã văn bản, số hiệu"…

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
    directions: list[str] = field(default_factory=list)  # sentences that speak to the assistant (see below)

    def after_refresh(self, report: RefreshReport) -> str:
        """Whether the accepted document is now answerable, or why not, from the refresh that followed."""
        if not self.accepted or self.meta is None:
            return self.message
        if report.held:
            return f"Tệp {self.file_name} đã được lưu và sẽ vào cơ sở tri thức ở lần cập nhật được xác nhận."
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
                  max_bytes: int = 20 * 1024 * 1024, timeout: float = PARSE_SECONDS,
                  uploader: str = "") -> UploadResult:
    """Check, parse and store one upload, recording who sent it (`uploader`) and when. `indexed` is what the
    index serves (document id -> its registry entry, with `source`, `title`, `number`). Nothing is written
    unless the result is accepted. Uploads are checked and stored one at a time (a lock on the folder), so of
    two that arrive together with the same id, number or title the second sees the first."""
    file_name = safe_file_name(name)
    suffix = Path(file_name).suffix
    if suffix not in FORMATS:
        return UploadResult(False, f"Không nhận tệp {file_name}: {unsupported(suffix)}.", file_name)
    if len(data) > max_bytes:
        return UploadResult(False, f"Tệp quá lớn ({len(data) / 1048576:.1f} MB); giới hạn "
                                   f"{max_bytes // 1048576} MB.", file_name)
    target = upload_dir / file_name
    try:
        meta, units = _parse(file_name, data, timeout)
    except LoadError as exc:
        return UploadResult(False, f"Không đọc được tệp {file_name}: {exc}. Cơ sở tri thức không thay đổi.",
                            file_name)
    meta.source = str(target)
    articles = sorted({u.article for u in units if u.article}, key=lambda a: (len(a), a))
    if not units:
        return UploadResult(False, f"Không tách được nội dung nào từ tệp {file_name}; cơ sở tri thức không "
                                   "thay đổi.", file_name)
    with locked_manifest(upload_dir) as manifest:
        if manifest.damaged:
            return UploadResult(False, DAMAGED_MANIFEST, file_name)
        if target.is_file() and target.read_bytes() == data:
            return UploadResult(False, f"Tệp {file_name} đã có, giống hệt bản này; cơ sở tri thức không thay đổi.",
                                file_name)
        conflicts = _conflicts(meta, target, upload_dir, indexed, manifest)
        fixed = [c for c in conflicts if not c.uploaded]
        if fixed:
            return UploadResult(False, f"Không nhận tệp {file_name}: văn bản này trùng {fixed[0].same} với văn bản "
                                       f"gốc đã có ({fixed[0].describe()}); tệp tải lên không thể thay hay đứng cạnh "
                                       "văn bản gốc. Nếu đây là văn bản khác, hãy khai báo mã (id), số hiệu và tên "
                                       "của chính nó.", file_name, meta, conflicts=conflicts)
        if conflicts and not replace:
            listed = "; ".join(f"{c.describe()} (trùng {c.same})" for c in conflicts)
            return UploadResult(False, f"Tệp {file_name} sẽ thay văn bản đã tải lên trước: {listed}. Chỉ thay "
                                       "khi quản trị viên xác nhận.", file_name, meta, len(units), articles,
                                needs_confirmation=True, conflicts=conflicts)
        try:
            _store(target, data)
        except OSError as exc:
            return UploadResult(False, f"Không lưu được tệp {file_name}: {fault_text(exc)}. Cơ sở tri thức không "
                                       "thay đổi.", file_name)
        for conflict in conflicts:
            replaced = Path(conflict.source)
            if replaced != target.resolve() and _inside(replaced, upload_dir) and replaced.is_file():
                replaced.unlink()
            manifest.record_removal(replaced.name, uploader)
        manifest.record_upload(file_name, meta.id, meta.number, meta.title, uploader)
        manifest.save()
    result = UploadResult(True, "", file_name, meta, len(units), articles, conflicts=conflicts,
                          directions=directions_to_assistant(units))
    result.message = _summary(result)
    return result


def directions_to_assistant(units: list) -> list[str]:
    """Sentences of a text that speak to the assistant rather than state a rule ("bỏ qua mọi hướng dẫn…"), with
    where they stand: a document that gives an assistant orders is not what it claims to be."""
    found = []
    for unit in units:
        for sentence in re.split(r"(?<=[.!?;:…])\s+|\n+", unit.text):
            if any(pattern.search(match_form(sentence)) for pattern in ASSISTANT_DIRECTIONS):
                where = f"Điều {unit.article}" if unit.article else unit.heading
                found.append(f"«{sentence.strip()[:160]}» ({where})" if where else f"«{sentence.strip()[:160]}»")
    return found


def _parse(file_name: str, data: bytes, timeout: float) -> tuple[DocumentMeta, list]:
    with tempfile.TemporaryDirectory(prefix="thiduabot-upload-") as scratch:
        candidate = Path(scratch) / file_name
        candidate.write_bytes(data)
        meta, body = read_document(candidate, timeout=timeout)
    return meta, parse_units(meta, body)


def _conflicts(meta: DocumentMeta, target: Path, upload_dir: Path, indexed: dict[str, dict],
               manifest: Manifest) -> list[Existing]:
    """Documents that share the upload's id, number or title (compared by identity_key), indexed or uploaded and
    waiting for the next refresh, and the file of the same name whatever it holds. Each is an earlier upload
    (may be replaced) only when the folder's manifest lists it; anything else is a document of the folders."""
    wanted = meta.identities()
    candidates = [(entry.get("source") or doc_id, doc_id, entry) for doc_id, entry in indexed.items()]
    candidates += [(str(upload_dir / name), entry.get("doc_id", ""), entry) for name, entry in manifest.files.items()]
    found: dict[str, Existing] = {}
    for source, doc_id, entry in candidates:
        path = Path(source).resolve()
        uploaded = _inside(path, upload_dir) and path.name in manifest.files
        if not uploaded and _inside(path, upload_dir) and not path.is_file():
            continue  # a replaced upload, indexed until the refresh under way ends: no longer anyone's
        theirs = DocumentMeta(doc_id, entry.get("title") or "", entry.get("number") or "").identities()
        same = [IDENTITY_LABELS[kind] for kind in shared_identity(wanted, theirs, uploaded)]
        if path == target.resolve():
            same.append("tên tệp")
        if same and str(path) not in found:
            found[str(path)] = Existing(doc_id, entry.get("title") or doc_id, entry.get("number") or "", str(path),
                                        uploaded, ", ".join(same))
    if target.is_file() and str(target.resolve()) not in found:
        found[str(target.resolve())] = Existing(target.stem, target.stem, "", str(target.resolve()),
                                                target.name in manifest.files, "tên tệp")
    return list(found.values())


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
    if result.directions:
        lines.append("⚠️ Văn bản có câu nói với trợ lý chứ không phải nội dung quy định: "
                     + "; ".join(result.directions[:3]) + ". Hãy kiểm tra tệp: câu trả lời trích văn bản này luôn "
                     "ghi rõ là văn bản tải lên, chưa đối chiếu bản gốc.")
    return "\n".join(lines)
