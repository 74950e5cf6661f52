"""Citable units: the pieces of a document the index stores and the answers cite."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.vietnamese import identity_key, slug

# Status values from the front matter; everything but these counts as in force.
NOT_IN_FORCE = frozenset({"superseded", "expired", "repealed"})

STATUS_LABELS = {
    "in-force": "đang có hiệu lực",
    "partial-text": "đang có hiệu lực, văn bản chưa đầy đủ",
    "superseded": "hết hiệu lực, đã bị thay thế",
    "expired": "hết hiệu lực",
    "repealed": "đã bị bãi bỏ",
    "unknown": "chưa rõ hiệu lực",
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


PLACE_KIND_RE = re.compile(r"^(?:tỉnh|thành phố)\s+", re.IGNORECASE)
LOCALITY_RE = re.compile(r"\b((?:tỉnh|thành phố|Tỉnh|Thành phố)\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)")


def locality(issuer: str) -> str:
    """The province or city a local authority belongs to ("tỉnh Bắc Ninh"), or "" for national bodies."""
    if not issuer.lower().startswith(("ủy ban nhân dân", "ubnd", "hội đồng nhân dân", "thanh tra", "sở ")):
        return ""
    match = LOCALITY_RE.search(issuer)
    return match.group(1)[0].lower() + match.group(1)[1:] if match else ""


def place_name(place: str) -> str:
    """The name of a locality without its kind: "tỉnh Bắc Ninh" -> "Bắc Ninh", as a question names it."""
    return PLACE_KIND_RE.sub("", place)


def same_place(place: str, province: str) -> bool:
    """ "thành phố Hải Phòng" is the province setting "Hải Phòng"."""
    return province.lower() in place.lower()


UPLOAD = "upload"  # Provenance.origin of an admin's upload; anything else came with a knowledge folder


@dataclass(frozen=True)
class Provenance:
    """Where a document's text comes from: a knowledge folder as shipped, or an admin's upload (who, when, and
    whether an admin has since checked it against the official text); `guessed` names the fields of its
    description read from the text rather than declared."""

    origin: str = "folder"
    uploaded_by: str = ""
    uploaded_at: str = ""  # "YYYY-MM-DD HH:MM"
    checked_by: str = ""
    checked_at: str = ""
    guessed: tuple[str, ...] = ()

    @property
    def uploaded(self) -> bool:
        return self.origin == UPLOAD

    def as_dict(self) -> dict[str, str]:
        """Flat, for the vector store's metadata and the document registry."""
        return {"origin": self.origin, "uploaded_by": self.uploaded_by, "uploaded_at": self.uploaded_at,
                "checked_by": self.checked_by, "checked_at": self.checked_at, "guessed": ",".join(self.guessed)}

    @classmethod
    def from_dict(cls, values: dict) -> Provenance:
        return cls(values.get("origin") or "folder", values.get("uploaded_by") or "", values.get("uploaded_at") or "",
                   values.get("checked_by") or "", values.get("checked_at") or "",
                   tuple(part for part in (values.get("guessed") or "").split(",") if part))


@dataclass
class DocumentMeta:
    """What is known about a source document; `guessed` names the fields read from its text, `upload` says who
    uploaded it and when (None for a document of a knowledge folder)."""

    id: str
    title: str
    number: str = ""
    type: str = ""
    issuer: str = ""
    signed: str = ""
    effective: str = ""
    status: str = "unknown"
    note: str = ""
    source: str = ""
    guessed: list[str] = field(default_factory=list)
    upload: Provenance | None = None
    # ingest/amendments.py: the laws that amend this one (declared), what this one amends, the powers it transfers
    amended_by: list[dict] = field(default_factory=list)
    amends: dict | None = None
    transfers: list[dict] = field(default_factory=list)

    @property
    def provenance(self) -> Provenance:
        base = self.upload or Provenance()
        return Provenance(base.origin, base.uploaded_by, base.uploaded_at, base.checked_by, base.checked_at,
                          tuple(self.guessed))

    def identities(self) -> dict[str, str]:
        """What tells this document from others (compared by identity_key), by kind: id, number, title."""
        keys = {"id": identity_key(self.id), "number": identity_key(self.number), "title": identity_key(self.title)}
        return {kind: value for kind, value in keys.items() if value}


def shared_identity(mine: dict[str, str], theirs: dict[str, str], theirs_uploaded: bool) -> list[str]:
    """The kinds of identity (DocumentMeta.identities) an upload shares with another document. Nothing may pass
    for a document of the knowledge folders by its title either; two uploads whose numbers differ may share a
    title (many agencies each issue a "Quy chế thi đua, khen thưởng")."""
    same = [kind for kind, key in mine.items() if theirs.get(kind) == key]
    if "title" in same and theirs_uploaded and mine.get("number") and theirs.get("number") \
            and mine["number"] != theirs["number"]:
        same.remove("title")
    return same


@dataclass
class Unit:
    """One citable piece: an article (Điều), a clause (khoản) of a long article, or a section of a plan."""

    doc: DocumentMeta
    text: str
    chapter: str = ""
    section: str = ""
    article: str = ""
    article_title: str = ""
    clause: str = ""
    part: int = 0
    heading: str = ""

    @property
    def unit_id(self) -> str:
        key = self.article_id if self.article else f"{self.doc.id}:s{slug(self.heading)}"
        if self.clause:
            key += f":k{self.clause}"
        if self.part:
            key += f":p{self.part}"
        return key

    @property
    def article_id(self) -> str:
        """The article this unit is part of ("luat-tdkt-2022:d22"), whichever khoản or part it is."""
        return f"{self.doc.id}:d{self.article}"

    @property
    def article_heading(self) -> str:
        if not self.article:
            return self.heading
        return f"Điều {self.article}. {self.article_title}".strip(". ")

    @property
    def embed_text(self) -> str:
        """What the embedding model sees: the document and article heading give each part its context."""
        context = [self.doc.title, self.chapter, self.article_heading]
        return "\n".join(part for part in context if part) + "\n" + self.text

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.embed_text.encode("utf-8")).hexdigest()[:32]

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata for the vector store (strings and ints only)."""
        return {
            "doc_id": self.doc.id,
            "doc_title": self.doc.title,
            "doc_number": self.doc.number,
            "doc_type": self.doc.type,
            "status": self.doc.status,
            "chapter": self.chapter,
            "section": self.section,
            "article": self.article,
            "article_title": self.article_title,
            "clause": self.clause,
            "part": self.part,
            "heading": self.heading,
            "content_hash": self.content_hash,
            **self.doc.provenance.as_dict(),
        }

    @classmethod
    def from_metadata(cls, text: str, meta: dict) -> Unit:
        doc = DocumentMeta(
            id=meta["doc_id"],
            title=meta["doc_title"],
            number=meta.get("doc_number", ""),
            type=meta.get("doc_type", ""),
            status=meta.get("status", "unknown"),
        )
        provenance = Provenance.from_dict(meta)
        doc.guessed = list(provenance.guessed)
        doc.upload = provenance if provenance.uploaded else None
        return cls(
            doc=doc,
            text=text,
            chapter=meta.get("chapter", ""),
            section=meta.get("section", ""),
            article=meta.get("article", ""),
            article_title=meta.get("article_title", ""),
            clause=meta.get("clause", ""),
            part=int(meta.get("part", 0)),
            heading=meta.get("heading", ""),
        )


def cited_units(article: Iterable[Unit], clause: str = "") -> list[Unit]:
    """An article's units in the text's order, only those of the khoản cited when the article is split by khoản (an
    article kept whole holds the khoản cited)."""
    units = list(article)
    if clause:
        units = [unit for unit in units if unit.clause == clause] or units
    return sorted(units, key=lambda unit: (int(unit.clause or 0), unit.part))
