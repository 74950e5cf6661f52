"""Incremental, atomic refresh of the index from the configured knowledge folders."""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ingest.embeddings import PROBE_TEXT, TextEmbeddings, TokenCounts
from ingest.legal_refs import document_name
from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, read_document, unsupported
from ingest.provenance import read_manifest
from ingest.store import IndexStore
from ingest.structure import parse_units
from ingest.units import DocumentMeta, Unit, shared_identity

log = logging.getLogger(__name__)
EMBED_BATCH = 64
IGNORED_NAMES = frozenset({"README.md", "INVENTORY.md"})
MAX_REMOVED_SHARE = 0.3  # a refresh that would remove more of the units stops unless confirmed
IDENTITY_LABELS = {"id": "mã văn bản", "number": "số hiệu", "title": "tên văn bản"}


class RefreshBusy(Exception):
    """Another refresh holds the lock."""


@dataclass
class LoadedDocument:
    meta: DocumentMeta
    units: list[Unit]
    shown: str = ""  # the file as the report names it (relative to its knowledge folder)


@dataclass
class RefreshReport:
    documents: list[LoadedDocument] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    resumed: int = 0  # vectors a refresh that died had written, taken instead of embedded again
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    folders: list[tuple[str, int | None]] = field(default_factory=list)  # each folder read, its files (None: absent)
    # Why the refresh stopped without writing (removals nobody confirmed), and the documents that would go.
    held: list[str] = field(default_factory=list)
    going: list[tuple[str, int]] = field(default_factory=list)

    @property
    def units(self) -> int:
        return sum(len(document.units) for document in self.documents)

    @property
    def guessed(self) -> list[tuple[str, list[str]]]:
        return [(d.shown or Path(d.meta.source).name, d.meta.guessed) for d in self.documents if d.meta.guessed]

    def render(self, full_paths: bool = False) -> str:
        """The report for a person; folders by their name only unless `full_paths` (the operator's own console)."""
        read = ", ".join(f"{folder if full_paths else Path(folder).name} "
                         + ("(không tồn tại)" if files is None else f"({files} tệp)") for folder, files in self.folders)
        lines = [f"Thư mục đã đọc: {read or 'không có'}."]
        if self.held:
            lines.append("Đã dừng, chưa ghi gì: " + "; ".join(self.held) + ".")
            lines += [f"Sẽ gỡ: {name} ({units} đơn vị)" for name, units in self.going[:20]]
            if len(self.going) > 20:
                lines.append(f"… và {len(self.going) - 20} văn bản khác.")
        done = ("Chạy thử (không ghi gì): " if self.dry_run else "Đọc được: " if self.held
                else "Cập nhật cơ sở tri thức: ")
        lines += [
            done + f"{len(self.documents)} văn bản, {self.units} đơn vị trích dẫn.",
            f"Thêm mới: {self.added} · Thay đổi: {self.changed} · Gỡ bỏ: {self.removed} · "
            f"Giữ nguyên: {self.unchanged}",
        ]
        if self.resumed:
            lines.append(f"Tiếp tục lần cập nhật bị dừng: dùng lại {self.resumed} đơn vị đã nhúng.")
        for source, fields in self.guessed:
            lines.append(f"Đoán từ nội dung (không có phần khai báo): {source}: {', '.join(fields)}")
        for source, reason in self.skipped:
            lines.append(f"Bỏ qua {source}: {reason}")
        lines.append(f"Thời gian: {self.seconds:.1f} giây.")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "documents": len(self.documents), "units": self.units, "added": self.added,
            "changed": self.changed, "removed": self.removed, "unchanged": self.unchanged,
            "embedded": self.embedded, "resumed": self.resumed,
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "guessed": [{"file": f, "fields": g} for f, g in self.guessed],
            "seconds": round(self.seconds, 3), "dry_run": self.dry_run,
            "folders": [{"folder": Path(folder).name, "files": files} for folder, files in self.folders],
            "held": self.held, "going": [{"document": name, "units": units} for name, units in self.going],
        }


def source_files(dirs: list[Path]) -> Iterator[Path]:
    for _, path in _sources(dirs):
        yield path


def _sources(dirs: list[Path]) -> Iterator[tuple[Path, Path]]:
    """Each file to index with the knowledge folder it was found in."""
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and path.name not in IGNORED_NAMES:
                yield directory, path


def shown_path(directory: Path, path: Path) -> str:
    """How the report names a file: from its knowledge folder ("corpus/luat.md"), never the server's full path."""
    return str(Path(directory.name) / path.relative_to(directory))


def load_all(dirs: list[Path], count_tokens: Callable[[str], int], window: int,
             report: RefreshReport) -> list[LoadedDocument]:
    """Read and split every source; bad files go to the report and the rest carry on. An admin's upload
    (listed in its folder's provenance manifest) carries who sent it and when, and is indexed only when no
    document of the knowledge folders nor an earlier upload has its id, number or title."""
    documents: list[LoadedDocument] = []
    manifests = {directory: read_manifest(directory) for directory in dirs}
    for directory in dirs:
        if not directory.is_dir():
            report.skipped.append((directory.name or str(directory), "thư mục không tồn tại"))
            report.folders.append((str(directory), None))
        else:
            report.folders.append((str(directory), sum(1 for _ in _sources([directory]))))
    for directory, path in _sources(dirs):
        shown = shown_path(directory, path)
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.skipped.append((shown, unsupported(path.suffix)))
            continue
        try:
            meta, body = read_document(path)
            units = parse_units(meta, body, count_tokens, window)
        except LoadError as exc:
            report.skipped.append((shown, str(exc)))
            continue
        except Exception as exc:  # a parser bug on one file must not stop the others
            log.exception("cannot read %s", shown)
            report.skipped.append((shown, f"lỗi khi đọc ({type(exc).__name__})"))
            continue
        if not units:
            report.skipped.append((shown, "không tách được đơn vị nào"))
            continue
        if path.parent == directory:
            meta.upload = manifests[directory].provenance(path.name)
        documents.append(LoadedDocument(meta, units, shown))
    # The folders' documents first (in folder order), then the uploads in the order they were sent.
    sent = {str(folder / name): rank for folder, manifest in manifests.items()
            for rank, name in enumerate(manifest.files)}
    documents.sort(key=lambda d: (d.meta.upload is not None, sent.get(d.meta.source, 0)))
    return _distinct(documents, report)


def _distinct(documents: list[LoadedDocument], report: RefreshReport) -> list[LoadedDocument]:
    """A document whose id an earlier one has is skipped, and so is an upload that shares a number or title with
    an earlier document (shared_identity; compared by identity_key, so look-alike letters or invisible characters
    make no new document)."""
    kept: list[LoadedDocument] = []
    seen: dict[tuple[str, str], tuple[LoadedDocument, dict[str, str]]] = {}
    for document in documents:
        identities = document.meta.identities()
        earlier = [seen[kind, key] for kind, key in identities.items() if (kind, key) in seen]
        clash = None
        for other, theirs in earlier:
            same = (shared_identity(identities, theirs, other.meta.upload is not None) if document.meta.upload
                    else ["id"] if theirs.get("id") == identities.get("id") else [])
            if same:
                clash = (same[0], other.shown)
                break
        if clash:
            kind, other_shown = clash
            report.skipped.append((document.shown, f"trùng {IDENTITY_LABELS[kind]} '{getattr(document.meta, kind)}' "
                                                   f"với {other_shown}"))
            continue
        for kind, key in identities.items():
            seen.setdefault((kind, key), (document, identities))
        kept.append(document)
    return kept


@contextmanager
def refresh_lock(path: Path) -> Iterator[None]:
    """One refresh at a time on this machine; the second is told, not queued."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RefreshBusy("Đang có một lần cập nhật khác chạy; hãy thử lại sau.") from exc
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def refresh(dirs: list[Path], store: IndexStore, embeddings: TextEmbeddings, lock_path: Path,
            dry_run: bool = False, window: int | None = None,
            on_progress: Callable[[int, int], None] | None = None, allow_remove: bool = False,
            max_removed_share: float | None = None) -> RefreshReport:
    """Bring the index in line with the sources, embedding only new or changed units. A refresh that would
    remove more than `max_removed_share` of the units (MAX_REMOVED_SHARE unless given), or the whole of a document
    no admin took out, writes nothing and says what would go (`report.held`) unless `allow_remove`."""
    started = time.perf_counter()
    with refresh_lock(lock_path):
        report = RefreshReport(dry_run=dry_run)
        limit = window or embeddings.max_tokens - 32
        counts = TokenCounts.for_model(embeddings, store.local_dir)  # re-counting every document is slow
        report.documents = load_all(dirs, counts, limit, report)
        if not dry_run:
            counts.save()
        generation = store.generation()
        current = store.current()
        old = store.records(current) if current else {}
        same_model = generation is not None and generation.embedding_model == embeddings.name

        new_units = {unit.unit_id: unit for document in report.documents for unit in document.units}
        to_embed: list[Unit] = []
        for unit_id, unit in new_units.items():
            previous = old.get(unit_id)
            if previous is None:
                report.added += 1
                to_embed.append(unit)
            elif previous["metadata"].get("content_hash") != unit.content_hash or not same_model:
                report.changed += 1
                to_embed.append(unit)
            else:
                report.unchanged += 1
        report.removed = sum(1 for unit_id in old if unit_id not in new_units)
        if not allow_remove and generation is not None:
            share = MAX_REMOVED_SHARE if max_removed_share is None else max_removed_share
            _hold_removals(report, generation.documents, old, new_units, dirs, share)

        if not dry_run and not report.held:
            _write_generation(store, embeddings, report, new_units, to_embed, old, generation, on_progress)
        report.seconds = time.perf_counter() - started
        return report


def _hold_removals(report: RefreshReport, indexed: dict[str, dict], old: dict, new_units: dict[str, Unit],
                   dirs: list[Path], max_removed_share: float) -> None:
    """Fill `report.held` and `report.going` when the removals this refresh would make need a confirmation."""
    kept = {document.meta.id for document in report.documents}
    by_admin = {doc_id for directory in dirs for doc_id in read_manifest(directory).removed}
    going = [doc_id for doc_id in indexed if doc_id not in kept and doc_id not in by_admin]
    report.going = [(document_name(indexed[d].get("title") or d, indexed[d].get("number") or ""),
                     int(indexed[d].get("units") or 0)) for d in going]
    removed = sum(1 for unit_id, record in old.items()
                  if unit_id not in new_units and record["metadata"].get("doc_id") not in by_admin)
    if old and removed > max_removed_share * len(old):
        report.held.append(f"sẽ gỡ {removed} trong {len(old)} đơn vị trích dẫn ({removed / len(old):.0%}, "
                           f"quá ngưỡng {max_removed_share:.0%})")
    if going:
        report.held.append(f"sẽ gỡ toàn bộ {len(going)} văn bản không do quản trị viên xóa")


def _write_generation(store, embeddings, report, new_units, to_embed, old, generation, on_progress) -> None:
    nothing_to_do = not to_embed and not report.removed and generation is not None
    if nothing_to_do and _registry_matches(generation.documents, report.documents):
        store.drop_stale(keep={generation.name, generation.previous})  # only an orphan of a refresh that died
        return
    same_model = generation is not None and generation.embedding_model == embeddings.name
    # A refresh with this model that died left the vectors it had written: they are taken, not embedded again.
    unfinished = store.unfinished(embeddings.name)
    # Other orphans, and the generation before the serving one, go now.
    keep = ({generation.name} if generation else set()) | ({unfinished[0].name} if unfinished else set())
    store.drop_stale(keep=keep)
    build = store.begin_generation({i: (u.text, u.metadata()) for i, u in new_units.items()},
                                   {unit.unit_id for unit in to_embed}, old, same_model, embeddings.name)
    pending = to_embed
    if unfinished:
        written = store.content_hashes(unfinished[1])
        resumed = {unit.unit_id for unit in to_embed if written.get(unit.unit_id) == unit.content_hash}
        store.resume_from(build, unfinished[1], sorted(resumed))
        report.resumed = len(resumed)
        pending = [unit for unit in to_embed if unit.unit_id not in resumed]
    # Each batch is written as it is embedded: a national build never holds its vectors, and a crash keeps them.
    pending = sorted(pending, key=lambda unit: len(unit.embed_text))  # similar lengths share a batch
    if on_progress:
        on_progress(0, len(pending))
    for start in range(0, len(pending), EMBED_BATCH):
        batch = pending[start:start + EMBED_BATCH]
        store.add_vectors(build, [u.unit_id for u in batch], embeddings.embed_documents([u.embed_text for u in batch]))
        report.embedded += len(batch)
        if on_progress:
            on_progress(report.embedded, len(pending))
    # The store copies the other units' vectors (or, for a small change, writes only what changed).
    store.finish_generation(build)
    target = build.target
    if store.local_dir is not None:  # readers load it with the generation instead of rebuilding it
        from bot.engine.lexical import save_for_generation

        save_for_generation(store, target.name, generation.name if generation else "", new_units.values())
    probe = generation.probe if same_model and generation.probe else embeddings.embed_documents([PROBE_TEXT])[0]
    store.switch(target.name, embeddings.name, _registry(report.documents, generation, to_embed), probe)


def _registry(documents: list[LoadedDocument], generation, to_embed: list[Unit]) -> dict[str, dict]:
    """What `sources` lists; a document keeps its indexed time unless one of its units changed."""
    previous = generation.documents if generation else {}
    touched = {unit.doc.id for unit in to_embed}
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    registry = {}
    for document in documents:
        meta = document.meta
        kept = previous.get(meta.id, {})
        registry[meta.id] = {
            "title": meta.title, "number": meta.number, "type": meta.type, "status": meta.status,
            "issuer": meta.issuer, "signed": meta.signed, "effective": meta.effective, "note": meta.note,
            "source": meta.source, "units": len(document.units),
            "indexed_at": kept.get("indexed_at", now) if meta.id not in touched and kept else now,
            **meta.provenance.as_dict(),
        }
    return registry


def _registry_matches(previous: dict[str, dict], documents: list[LoadedDocument]) -> bool:
    """True when a no-op refresh would write the same document list (so no new generation is needed)."""
    if set(previous) != {d.meta.id for d in documents}:
        return False
    # Every field the registry keeps (issuer, note, effective date… are read by answers), not only the title.
    fields = ("title", "number", "type", "status", "issuer", "signed", "effective", "note", "source")
    for document in documents:
        kept = previous[document.meta.id]
        current = {**{name: getattr(document.meta, name) for name in fields}, "units": len(document.units),
                   **document.meta.provenance.as_dict()}
        if any(kept.get(name) != value for name, value in current.items()):
            return False
    return True
