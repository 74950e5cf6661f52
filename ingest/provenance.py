"""Which files of a knowledge folder are admins' uploads: who sent each and when, whether an admin has since
checked it against the official text, and which uploads an admin replaced (so a refresh knows their going was
meant). Kept beside the files as a hidden JSON file (`.provenance.json`) that the refresh reads and never indexes;
a file it does not list came with the folder. A manifest that cannot be read fails closed: every file of its
folder counts as an upload of unknown origin, and no upload is taken until someone repairs it.

Changes happen under an exclusive lock on the folder, so uploads that arrive together (several files sent at
once, several workers) are checked and recorded one after another.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ingest.units import UPLOAD, Provenance
from ingest.vietnamese import identity_key

log = logging.getLogger(__name__)
MANIFEST = ".provenance.json"


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M")


@dataclass
class Manifest:
    folder: Path
    # file name -> doc_id, number, title, uploaded_by, uploaded_at, checked_by, checked_at
    files: dict[str, dict] = field(default_factory=dict)
    # doc id -> by, at, file: documents an admin took out by replacing their upload
    removed: dict[str, dict] = field(default_factory=dict)
    damaged: bool = False  # unreadable: no file of the folder is taken for an official text, nothing is written

    def provenance(self, file_name: str) -> Provenance | None:
        entry = self.files.get(file_name)
        if entry is None:
            return Provenance(UPLOAD) if self.damaged else None
        return Provenance(UPLOAD, entry.get("uploaded_by", ""), entry.get("uploaded_at", ""),
                          entry.get("checked_by", ""), entry.get("checked_at", ""))

    def record_upload(self, file_name: str, doc_id: str, number: str, title: str, by: str) -> None:
        self.files[file_name] = {"doc_id": doc_id, "number": number, "title": title, "uploaded_by": by,
                                 "uploaded_at": now(), "checked_by": "", "checked_at": ""}
        self.removed.pop(doc_id, None)

    def record_removal(self, file_name: str, by: str) -> None:
        entry = self.files.pop(file_name, None)
        if entry and entry.get("doc_id"):
            self.removed[entry["doc_id"]] = {"by": by, "at": now(), "file": file_name}

    def record_check(self, file_name: str, by: str) -> None:
        """An admin has compared the upload with the official text."""
        self.files[file_name].update(checked_by=by, checked_at=now())

    def find(self, wanted: str) -> str | None:
        """The file of the upload whose id, number or file name is `wanted` (compared by identity_key)."""
        key = identity_key(wanted)
        for file_name, entry in self.files.items():
            if key and key in {identity_key(entry.get("doc_id", "")), identity_key(entry.get("number", "")),
                               identity_key(Path(file_name).stem)}:
                return file_name
        return None

    def save(self) -> None:
        """Whole or not at all, like an upload."""
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f"{MANIFEST}.part"
        partial.write_text(json.dumps({"files": self.files, "removed": self.removed}, ensure_ascii=False, indent=1),
                           encoding="utf-8")
        os.replace(partial, self.folder / MANIFEST)


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(folder, dict(data.get("files") or {}), dict(data.get("removed") or {}))
    except FileNotFoundError:
        return Manifest(folder)
    except (OSError, ValueError, AttributeError) as exc:
        log.error("cannot read %s (%s): the folder's files count as uploads of unknown origin", path,
                  type(exc).__name__)
        return Manifest(folder, damaged=True)


@contextmanager
def locked_manifest(folder: Path) -> Iterator[Manifest]:
    """The folder's manifest, read under an exclusive lock held until the block ends (the caller saves)."""
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield read_manifest(folder)
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)
