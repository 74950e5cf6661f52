"""The award catalogue (knowledge/awards.yaml) as typed data, with citations that name their source."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ingest.legal_refs import document_name, document_short_name
from ingest.vietnamese import fold_key, nfc


@dataclass(frozen=True)
class Cite:
    doc: str
    article: str
    clause: str = ""
    point: str = ""

    def location(self) -> str:
        parts = [f"điểm {self.point}" if self.point else "", f"khoản {self.clause}" if self.clause else "",
                 f"Điều {self.article}"]
        return " ".join(part for part in parts if part)

    def label(self, documents: dict[str, dict]) -> str:
        """ "điểm a khoản 1 Điều 22 Luật Thi đua, khen thưởng (06/2022/QH15)" from the indexed documents."""
        doc = documents.get(self.doc)
        if not doc:
            return f"{self.location()} ({self.doc})"
        title, number, doc_type = doc["title"], doc.get("number", ""), doc.get("type", "")
        # A law is named in full with its number in brackets; other texts by kind and number.
        name = document_name(title, number) if doc_type == "luat" else document_short_name(title, number, doc_type)
        return f"{self.location()} {name}"


@dataclass(frozen=True)
class Rule:
    """A statement of the catalogue (criterion, dossier item, authority, reward) with its citation."""

    text: str
    cite: Cite
    id: str = ""
    check: dict = field(default_factory=dict, hash=False, compare=False)
    province: str = ""
    # For an authority: whom a tờ trình is addressed to (unit, commune, province, government; see awards.yaml).
    level: str = ""


@dataclass
class Award:
    id: str
    name: str
    short: str
    kind: str
    for_whom: str
    rank: int
    criteria: list[Rule]
    decides: Rule
    dossier: list[Rule]
    reward: Rule | None = None
    deadline: Rule | None = None
    procedure: Rule | None = None
    province: str = ""
    aliases: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    # Kinds of nominee (awards.yaml `nominees`) and, per kind, the criteria / authority that replace the default.
    nominees: list[str] = field(default_factory=list)
    variants: dict[str, dict] = field(default_factory=dict)
    nominee_kind: str = ""

    def for_nominee(self, kind: str) -> Award:
        """The award as it applies to one kind of nominee (a farmer's “Lao động tiên tiến”: khoản 3 Điều 24)."""
        variant = self.variants.get(kind, {})
        return replace(self, criteria=variant.get("criteria", self.criteria),
                       decides=variant.get("decides", self.decides), nominee_kind=kind)

    @property
    def collective(self) -> bool:
        return self.for_whom == "tập thể" or self.nominee_kind == "tap-the"

    def rules(self) -> list[Rule]:
        optional = [self.reward, self.deadline, self.procedure]
        variant_rules = [rule for variant in self.variants.values()
                         for rule in [*variant.get("criteria", []), variant.get("decides")] if rule]
        return [*self.criteria, self.decides, *self.dossier, *(rule for rule in optional if rule), *variant_rules]

    def checklist(self, facts: list[dict]) -> list[Rule]:
        """The dossier's items for these nominees' facts: an item that proves a claim (an initiative's
        certificate) only when one of them claims it."""
        return [item for item in self.dossier
                if "claimed" not in item.check
                or any(one.get(item.check["claimed"]) not in UNCLAIMED for one in facts)]

    def checks(self) -> list[dict]:
        """Every check the criteria use, with any_of and all_of flattened."""
        found: list[dict] = []
        pending = [rule.check for rule in self.criteria]
        while pending:
            check = pending.pop()
            if "any_of" in check or "all_of" in check:
                pending.extend(check.get("any_of", []) + check.get("all_of", []))
            else:
                found.append(check)
        return found


def _rule(raw: dict, province: str = "") -> Rule:
    cite = raw["cite"]
    return Rule(text=nfc(raw["text"]), id=raw.get("id", ""), check=raw.get("check", {}),
                cite=Cite(cite["doc"], str(cite["article"]), str(cite.get("clause", "")), str(cite.get("point", ""))),
                province=raw.get("province", province), level=raw.get("level", ""))


def _variant(raw: dict, province: str) -> dict:
    found: dict = {}
    if "criteria" in raw:
        found["criteria"] = [_rule(c, province) for c in raw["criteria"]]
    if "decides" in raw:
        found["decides"] = _rule(raw["decides"])
    return found


UNCLAIMED = (None, "khong", "chua-ro")  # a fact answered "không có" or "chưa rõ" claims nothing
DEFAULT_NOMINEES = {"cá nhân": ["can-bo", "nguoi-lao-dong"], "tập thể": ["tap-the"], "hộ gia đình": ["ho-gia-dinh"]}


@dataclass
class Uncovered:
    """An award staff ask about whose criteria the knowledge base lacks, and what it lacks."""

    name: str
    aliases: list[str]
    lacks: str


@dataclass
class Unruled:
    """A circumstance told in a history (sick leave, a transfer) that a rule the knowledge base lacks may decide."""

    words: list[str]
    lacks: str

    def told_in(self, text: str) -> bool:
        folded = f" {fold_key(text)} "
        return any(f" {fold_key(word)} " in folded for word in self.words)


@dataclass
class Catalogue:
    awards: dict[str, Award]
    common: list[Rule]
    uncovered: list[Uncovered] = field(default_factory=list)
    # Principles that change how a history is read (maternity leave, pending discipline), by name.
    principles: dict[str, Rule] = field(default_factory=dict)
    unruled: list[Unruled] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> Catalogue:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        awards = {}
        for item in raw["awards"]:
            province = item.get("province", "")
            awards[item["id"]] = Award(
                id=item["id"], name=nfc(item["name"]), short=nfc(item["short"]), kind=item["kind"],
                for_whom=item["for"], rank=int(item["rank"]),
                criteria=[_rule(c, province) for c in item["criteria"]], decides=_rule(item["decides"]),
                dossier=[_rule(d) for d in item["dossier"]],
                reward=_rule(item["reward"]) if item.get("reward") else None,
                deadline=_rule(item["deadline"]) if item.get("deadline") else None,
                procedure=_rule(item["procedure"]) if item.get("procedure") else None,
                province=province, aliases=[nfc(a) for a in item.get("aliases", [])],
                gaps=[nfc(g) for g in item.get("gaps", [])],
                nominees=item.get("nominees", DEFAULT_NOMINEES[item["for"]]),
                variants={kind: _variant(raw_variant, province)
                          for kind, raw_variant in item.get("variants", {}).items()},
            )
        uncovered = [Uncovered(nfc(item["name"]), [nfc(a) for a in item.get("aliases", [])], nfc(item["lacks"]))
                     for item in raw.get("uncovered", [])]
        principles = {name: _rule(item) for name, item in (raw.get("principles") or {}).items()}
        unruled = [Unruled([nfc(w) for w in item["words"]], nfc(item["lacks"])) for item in raw.get("unruled", [])]
        return cls(awards, [_rule(c) for c in raw.get("common_criteria", [])], uncovered, principles, unruled)

    def find(self, text: str) -> Award | None:
        """An award by id, number in the list, name or alias (case and diacritics as typed)."""
        key = fold_key(text)
        ordered = list(self.awards.values())
        if key.isascii() and key.isdigit() and 1 <= int(key) <= len(ordered):  # "²" is a digit int() refuses
            return ordered[int(key) - 1]
        for award in ordered:
            names = [award.id, award.short, award.name, *award.aliases]
            if any(key == fold_key(name) for name in names):
                return award
        return None
