"""Amendments and transfers of power read as data, beside the structure of a legal text.

A document's front matter may declare the laws that amend it (`amended_by`: number, title, effective, articles
when known). A law that amends another is recognised from its own instructions ("Sửa đổi, bổ sung khoản 2 Điều 80
như sau: …", "Bổ sung Điều 25a …", "Bãi bỏ Điều 30."), and a text that gives a law's power to another body from
"… quy định tại khoản 2, khoản 3 Điều 80 Luật … thực hiện như sau: <body> quyết định …". What is read here is kept
in the document registry; the answers (bot/engine/in_force.py) decide what is in force on a date.
"""

from __future__ import annotations

import datetime as dt
import re

from ingest.legal_refs import (
    AMENDMENT_ACTIONS,
    AMENDMENT_RE,
    DOC_NUMBER_RE,
    TRANSFER_RE,
    article_targets,
    document_short_name,
    effective_from,
)
from ingest.structure import ARTICLE_MD_RE, ARTICLE_PLAIN_RE, clauses
from ingest.units import DocumentMeta
from ingest.vietnamese import day_text, fold_key, identity_key, nfc

QUOTES = "“”\"'"
# "Bổ sung khoản 4 vào Điều 12": the khoản belongs to the article it is added to.
INTO_RE = re.compile(r"(khoản\s+\d{1,2})\s+vào\s+(Điều)", re.IGNORECASE)
ADDED_ARTICLE_RE = re.compile(r"^Điều\s+(\d{1,3}[a-zđ]?)\s*[.:]\s*(.*)$")
OF_LAW_RE = re.compile(r"\bcủa\s+(Luật\s+.+?)(?:\s+số\s+.*)?$")


def declared(front: dict) -> list[dict]:
    """The front matter's `amended_by`, normalised: number, title, effective (ISO), articles as [article, clause]
    pairs (None when unknown), text_missing."""
    entries = front.get("amended_by") or []
    if isinstance(entries, dict):
        entries = [entries]
    found = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("number"):
            continue
        articles = entry.get("articles")
        if isinstance(articles, list):
            targets = [pair for item in articles for pair in
                       (article_targets(str(item)) if "Điều" in str(item) else [(str(item).lower(), "")])]
        else:
            targets = None  # "unknown" or not said
        effective = entry.get("effective", "")
        found.append({"number": nfc(str(entry["number"])).strip(), "title": nfc(str(entry.get("title", ""))).strip(),
                      "effective": effective.isoformat() if isinstance(effective, dt.date) else str(effective),
                      "articles": targets, "text_missing": str(entry.get("text", "")).lower() == "missing"})
    return found


def _articles(body: str) -> list[tuple[str, str, list[str]]]:
    """(number, heading, lines) of each article; the lines before the first have number ""."""
    markdown = any(ARTICLE_MD_RE.match(line.strip()) for line in body.splitlines())
    article_re = ARTICLE_MD_RE if markdown else ARTICLE_PLAIN_RE
    found: list[tuple[str, str, list[str]]] = [("", "", [])]
    for line in body.splitlines():
        stripped = line.strip()
        if match := article_re.match(stripped):
            found.append((match.group(1), match.group(2).strip(), []))
        elif stripped:
            found[-1][2].append(stripped)
    return found


def _unquoted(wording: list[str]) -> list[str]:
    """The new wording without the quotation marks that open its first line and close its last."""
    if not wording:
        return wording
    lines = [*wording]
    lines[0] = lines[0][1:] if lines[0][:1] in QUOTES else lines[0]
    last = lines[-1].rstrip(";")
    lines[-1] = last[:-1] if last[-1:] in QUOTES else last
    return [line.strip() for line in lines]


def _change(action: str, target: tuple[str, str], source: str, wording: list[str], several: bool) -> dict:
    wording = _unquoted(wording)
    text, title = "\n".join(wording).strip(), ""
    if action != "repeal" and wording and (match := ADDED_ARTICLE_RE.match(wording[0])):
        title, text = match.group(2).strip(), "\n".join(wording[1:]).strip()
    if several and target[1] and text:  # "khoản 2 và khoản 3 Điều 80 như sau: 2. … 3. …": each its own khoản
        text = next((c.text for c in clauses(text) if c.clause == target[1] and not c.point), text)
    return {"action": action, "article": target[0], "clause": target[1], "text": text if action != "repeal" else "",
            "title": title, "source_article": source}


def recognise(body: str, effective: str = "") -> dict | None:
    """An amending law's instructions: {"target": the amended law's number or "", "target_title", "effective",
    "changes": [{action, article, clause, text, title, source_article}]}; None for a text that amends nothing."""
    instructions: list[tuple[str, list[tuple[str, str]], str, list[str]]] = []  # action, targets, article, wording
    target_number = target_title = ""
    for number, heading, lines in _articles(body):
        for line in lines:
            match = None if line.startswith(tuple(QUOTES)) else AMENDMENT_RE.match(line)
            targets = article_targets(INTO_RE.sub(r"\1 \2", match.group(2))) if match else []
            if match and targets:
                instructions.append((AMENDMENT_ACTIONS[match.group(1).lower()], targets, number, []))
                if not target_number and not target_title:
                    found = DOC_NUMBER_RE.search(heading)
                    target_number = found.group(1) if found else ""
                    target_title = of.group(1).strip() if (of := OF_LAW_RE.search(heading)) else ""
            elif instructions and instructions[-1][2] == number:
                instructions[-1][3].append(line)
    changes = [_change(action, target, number, wording, len(targets) > 1)
               for action, targets, number, wording in instructions for target in targets]
    if not changes:
        return None
    return {"target": target_number, "target_title": target_title,
            "effective": effective or effective_from(body), "changes": changes}


def transfers(body: str) -> list[dict]:
    """Powers a text gives to another body: {"article": the giving article, "law": the law's name, "targets":
    [[article, clause]], "to": the body that now decides, "gives": what it decides ("tặng danh hiệu …")}."""
    found = []
    for number, _, lines in _articles(body):
        if number and (match := TRANSFER_RE.search("\n".join(lines))):
            found.append({"article": number, "law": match.group(2).strip(),
                          "targets": [list(t) for t in article_targets(match.group(1))],
                          "to": match.group(3).strip().split("\n")[-1], "gives": match.group(4).strip()})
    return found


def law_named(documents: dict[str, dict], name: str) -> str:
    """The id of the law a text names by its title ("Luật Thi đua, khen thưởng"), or ""."""
    wanted = fold_key(name)
    return next((doc_id for doc_id, doc in documents.items() if wanted and doc.get("type") == "luat"
                 and fold_key(doc.get("title", "")).startswith(wanted)), "")


def in_force_fields(meta: DocumentMeta) -> dict:
    """What the document registry keeps of a document's amendments and transfers."""
    return {"amended_by": meta.amended_by, "amends": meta.amends, "transfers": meta.transfers}


ACTION_WORDS = {"amend": "sửa đổi, bổ sung", "add": "bổ sung", "repeal": "bãi bỏ"}


def registry_notes(doc_id: str, documents: dict[str, dict]) -> list[str]:
    """What `sources` and /nguon say of a document's amendments and transferred powers (from the registry)."""
    doc = documents[doc_id]
    notes = []

    def name(other: dict) -> str:
        return document_short_name(other.get("title", ""), other.get("number", ""), other.get("type", ""))

    numbers = {identity_key(other.get("number", "")) for other in documents.values() if other.get("number")}
    declared_numbers = set()
    for entry in doc.get("amended_by") or []:
        declared_numbers.add(identity_key(entry["number"]))
        missing = "" if identity_key(entry["number"]) in numbers else "; văn bản chưa có trong cơ sở tri thức"
        unknown = "; chưa rõ các điều bị sửa đổi" if entry.get("articles") is None else ""
        notes.append(f"được sửa đổi, bổ sung bởi {entry.get('title') or 'văn bản'} số {entry['number']} (hiệu lực "
                     f"từ {day_text(entry.get('effective', ''))}{missing}{unknown})")
    for other_id, other in documents.items():
        amends = other.get("amends") or {}
        target = identity_key(amends.get("target", "")) if amends.get("target") else ""
        if other_id != doc_id and amends and identity_key(other.get("number", "")) not in declared_numbers and (
                target == identity_key(doc.get("number", "")) if target
                else law_named(documents, amends.get("target_title", "")) == doc_id):
            notes.append(f"được sửa đổi, bổ sung bởi {name(other)} (hiệu lực từ "
                         f"{day_text(amends.get('effective') or other.get('effective', ''))})")
    if amends := doc.get("amends"):
        changes = "; ".join(f"{ACTION_WORDS[c['action']]} {'khoản ' + c['clause'] + ' ' if c['clause'] else ''}"
                            f"Điều {c['article']}" for c in amends["changes"])
        notes.append(f"sửa đổi {amends.get('target_title') or amends.get('target')}: {changes}")
    for given in doc.get("transfers") or []:
        where = ", ".join(f"khoản {c}" if c else "" for _, c in given["targets"]).strip(", ")
        article = given["targets"][0][0] if given["targets"] else ""
        notes.append(f"Điều {given['article']}: thẩm quyền tại {where} Điều {article} {given['law']} do {given['to']} "
                     "thực hiện")
    return notes
