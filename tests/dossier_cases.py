"""Shared pieces of the nomination tests that need no index: the corpus documents as the index lists them
(front matter only, for citation labels and Căn cứ lines), a Nominations service, a driver that walks the
wizard answer by answer, and the text of a generated .docx."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import docx
from docx.oxml.ns import qn

from bot.nomination.catalogue import Catalogue
from bot.nomination.service import Nominations
from bot.nomination.wizard import Reply
from bot.storage import Storage
from ingest.loaders import load_document
from tests.conftest import CORPUS, ROOT

CATALOGUE = Catalogue.load(ROOT / "knowledge" / "awards")
YEAR = date.today().year - 1  # the nomination year of every case: the last full year


@cache
def corpus_documents() -> dict[str, dict]:
    found = {}
    for path in sorted(CORPUS.glob("*.md")):
        if path.name.isupper() or path.stem in ("README", "INVENTORY"):
            continue
        meta, _ = load_document(path)
        found[meta.id] = {"title": meta.title, "number": meta.number, "type": meta.type, "issuer": meta.issuer,
                          "signed": meta.signed, "status": meta.status}
    return found


def make_nominations(tmp_path: Path, province: str = "Hải Phòng", url: str = "sqlite://") -> Nominations:
    return Nominations(CATALOGUE, corpus_documents, Storage(url), province, tmp_path / "out")


class Driver:
    """Answers the wizard one message at a time and keeps every reply, checking what every reply must hold."""

    def __init__(self, nominations: Nominations, user: int = 1) -> None:
        self.nominations = nominations
        self.user = user
        self.replies: list[Reply] = []

    def start(self) -> Reply:
        return self._keep(self.nominations.start(self.user))

    def say(self, *answers: str, errors_allowed: bool = False) -> Reply:
        reply = None
        for answer in answers:
            reply = self.nominations.handle(self.user, answer)
            assert reply is not None, f"no active nomination at {answer!r}"
            self._keep(reply)
            if not errors_allowed:
                assert not reply.text.startswith("⚠️"), f"{answer!r} was refused: {reply.text[:300]}"
        return reply

    def _keep(self, reply: Reply) -> Reply:
        # Console parity: the wizard never tells the user to press a button; the face words the options.
        assert "bấm" not in reply.text.lower(), reply.text
        self.replies.append(reply)
        return reply


def docx_text(path: Path) -> str:
    """Every paragraph of the document in order, tables included (a row's cells joined by " | ")."""
    lines = []
    for element in docx.Document(str(path)).element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines.append("".join(node.text or "" for node in element.iter(qn("w:t"))))
        elif element.tag == qn("w:tbl"):
            for row in element.iter(qn("w:tr")):
                cells = ["\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in cell.iter(qn("w:p")))
                         for cell in row.iter(qn("w:tc"))]
                lines.append(" | ".join(cells))
    return "\n".join(lines)
