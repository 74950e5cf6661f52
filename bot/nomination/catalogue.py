"""The award catalogue as typed data: one file per award under knowledge/awards (AWARDS_DIR), read by one loader.

- `<id>.yaml`: everything about one award — its names (each once), nominee kinds, criteria in the check language,
  who decides, dossier, reward, deadline, what the knowledge base lacks (`gaps`, `lacks`), and `rules`: the units
  that rule it per kind of question (criteria, amount, authority, dossier, deadline).
- `_common.yaml`: what the awards share — the grades, shared dossiers and rule lists (named in an award's file by
  their key), the criteria every award has, the principles of reading a history, circumstances no rule covers,
  the wizard's order of awards — and the documentation of the check language.
- `provinces/<province>.yaml`: a province's own rules for the awards (its criteria, who decides, deadlines, and
  its rule references): merged into the awards, each rule marked with the province.

`Catalogue` is the nomination view (the wizard and the eligibility rules); `QuestionRules` (its `questions`) is the
engine's view of where each award is ruled. Both find award names through one matcher, `AwardNames`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from bot.lexicon import Taxonomy, _folded
from ingest.legal_refs import document_name, document_short_name
from ingest.vietnamese import clean, fold_key, match_form, nfc

COMMON_FILE = "_common.yaml"
PROVINCES_DIR = "provinces"
# Quotes and brackets stand between words as spaces, so "Danh hiệu “Lao động tiên tiến”" reads as its words.
QUOTES_RE = re.compile(r"[“”\"'‘’«»()\[\]]")
# Intents answered by an award's ruling article; `count` and `eligibility` read the criteria.
RULED_INTENTS = {"criteria": "criteria", "count": "criteria", "eligibility": "criteria", "amount": "amount",
                 "authority": "authority", "dossier": "dossier", "deadline": "deadline"}


def key(text: str) -> str:
    """Folded, lower-case, quotes dropped, spaces collapsed: the form names and patterns are matched in.
    "sỹ" is written "sĩ" by the law."""
    return re.sub(r"\s+", " ", match_form(text)).strip()
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
    # For an authority: whom a tờ trình is addressed to (unit, commune, province, government; see
    # knowledge/awards/_common.yaml).
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
    gaps: list[str] = field(default_factory=list)
    # Kinds of nominee (`nominees`) and, per kind, the criteria / authority that replace the default.
    nominees: list[str] = field(default_factory=list)
    variants: dict[str, dict] = field(default_factory=dict)
    nominee_kind: str = ""
    # Per kind of nominee the award is not for, the award of its place for them (`counterparts`: the armed forces'
    # “Chiến sĩ tiên tiến” for “Lao động tiên tiến”, khoản 2 Điều 24 of the Law).
    counterparts: dict[str, str] = field(default_factory=dict)
    # Who decides for a nominee working at a kind of place (knowledge/lexicon/workplaces.yaml): a company's or a
    # cooperative's director (khoản 4 Điều 80 of the Law).
    decides_at: dict[str, Rule] = field(default_factory=dict)

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


def _rule(raw: dict) -> Rule:
    cite = raw["cite"]
    return Rule(text=nfc(raw["text"]), id=raw.get("id", ""), check=raw.get("check", {}),
                cite=Cite(cite["doc"], str(cite["article"]), str(cite.get("clause", "")), str(cite.get("point", ""))),
                province=raw.get("province", ""), level=raw.get("level", ""))


def _variant(raw: dict) -> dict:
    found: dict = {}
    if "criteria" in raw:
        found["criteria"] = [_rule(c) for c in raw["criteria"]]
    if "decides" in raw:
        found["decides"] = _rule(raw["decides"])
    return found


UNCLAIMED = (None, "khong", "chua-ro")  # a fact answered "không có" or "chưa rõ" claims nothing
DEFAULT_NOMINEES = {"cá nhân": ["can-bo", "nguoi-lao-dong"], "tập thể": ["tap-the"], "hộ gia đình": ["ho-gia-dinh"]}


@dataclass
class Uncovered:
    """An award staff ask about whose criteria the knowledge base lacks, and what it lacks. `necessary`: the
    criteria of its clause that facts can check (years of work), which a history failing one fails whatever the
    council judges of the rest."""

    id: str
    name: str
    lacks: str
    necessary: list[Rule] = field(default_factory=list)


@dataclass
class Unruled:
    """A circumstance told in a history (sick leave, a transfer) that a rule the knowledge base lacks may decide:
    its label in knowledge/lexicon/unruled.yaml, whose phrases tell it."""

    label: str
    lacks: str

    def told_in(self, text: str) -> bool:
        """Whether a text tells the circumstance, not denied ("không nghỉ ốm ngày nào" tells none)."""
        from bot.nomination.answers import undenied  # local: the readers of answers import this module

        return any(found.label == self.label for found in undenied(text, "unruled"))


@dataclass(frozen=True)
class RuleRef:
    """A unit that rules an award for one kind of question."""

    doc: str
    article: str
    clause: str = ""
    point: str = ""
    grade: str = ""
    local: bool = False  # a province's own rule (from provinces/<province>.yaml)


# An abbreviation: one word of letters with two capitals or more ("GK", "CSTĐCS", "BKTTg", "NGƯT").
ABBREVIATION_RE = re.compile(r"(?=(?:\w*?[A-ZĐƯƠÂÊÔĂ]){2})[^\W\d_]+")


@dataclass
class AwardRules:
    id: str
    names: list[str]
    rules: dict[str, list[RuleRef]]
    listed_in: RuleRef | None = None
    display: str = ""
    kind: str = ""  # "danh hiệu thi đua", "hình thức khen thưởng", "danh hiệu vinh dự nhà nước" (Điều 8, 9 of the Law)
    for_whom: str = ""  # "cá nhân" or "tập thể" for an award given to one of them only (the file's `for`)

    @property
    def name(self) -> str:
        return self.display or self.names[0]


@dataclass(frozen=True)
class AwardMention:
    award: str  # id
    text: str  # as written, in key() form
    grade: str = ""  # nhất / nhì / ba


@dataclass(frozen=True)
class NamedAward:
    """An award name found in a text: the award, the span of the name (offsets into the cleaned text), the span
    with a grade written after it ("… hạng Nhất"), and the grades named ("hạng Nhất, hạng Nhì": both)."""

    award: str
    start: int
    end: int
    reach: int
    grades: tuple[str, ...] = ()


def names_within(found: list[NamedAward], start: int, end: int) -> list[NamedAward]:
    """The names found in a text that lie in its span [start, end), with offsets into that span."""
    return [replace(name, start=name.start - start, end=name.end - start, reach=min(name.reach, end) - start)
            for name in found if start <= name.start and name.end <= end]


@dataclass(frozen=True)
class Grades:
    """How a grade is written after an award's name: `word` ("hạng") and one of `names`; several joined by a
    comma or one of `joiners` ("hạng Nhất và Nhì")."""

    names: tuple[str, ...] = ("nhất", "nhì", "ba")
    word: str = "hạng"
    joiners: tuple[str, ...] = ("và", "hoặc")
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "hạng 3", "hạng III": the grade "ba"

    def written(self) -> dict[str, str]:
        """Every way a grade is written, folded, to its name."""
        forms = {_folded(name): name for name in self.names}
        for name, others in self.spellings.items():
            forms.update({_folded(str(other)): name for other in others})
        return forms


def _name_words(name: str) -> str:
    return " ".join(QUOTES_RE.sub(" ", nfc(name)).split())


class AwardNames:
    """The one award-name matcher every reader uses (the engine, a history told in a question, the wizard's
    answers): each award's names as a lexicon taxonomy (bot/lexicon.py: whole words, with or without
    diacritics, typed tones must match but for a slip in a long name), the longest name first, and the grades
    written after a name."""

    def __init__(self, names: dict[str, list[str]], grades: Grades = Grades()) -> None:
        self.taxonomy = Taxonomy("awards", {award: [_name_words(n) for n in held] for award, held in names.items()},
                                 tone_slips=True)
        self.grades = grades
        self._written = grades.written()
        words = "|".join(re.escape(form) for form in sorted(self._written, key=len, reverse=True))
        grade, joiners = re.escape(_folded(grades.word)), "|".join(re.escape(_folded(j)) for j in grades.joiners)
        self._grade = re.compile(rf"\s*,?\s*{grade}\s+({words})\b") if words else None
        self._alone = re.compile(rf"(?<!\w){grade}\s+({words})\b") if words else None
        self._more = re.compile(rf"\s*(?:,|{joiners})\s*(?:{grade}\s+({words})|({words})(?=\s*(?:[,?.;]|$)))\b") \
            if words else None

    def find(self, text: str) -> list[NamedAward]:
        """Award names in `text`, left to right; offsets into `clean(text)`."""
        plain = QUOTES_RE.sub(" ", clean(text))
        folded = _folded(plain)
        found = []
        for name in self.taxonomy.find(plain):
            grades, reach = [], name.end
            if self._grade and (first := self._grade.match(folded, name.end)):
                grades.append(first.group(1))
                reach = end = first.end()
                while more := self._more.match(folded, end):
                    grades.append(more.group(1) or more.group(2))
                    end = more.end()
            found.append(NamedAward(name.label, name.start, name.end, reach,
                                    tuple(self._grade_name(g) for g in grades)))
        return found

    def grade_alone(self, text: str) -> str:
        """A grade said without an award's name before it ("còn hạng 3?"), as its name; "" when none is."""
        if not self._alone:
            return ""
        match = self._alone.search(_folded(QUOTES_RE.sub(" ", clean(text))))
        return self._grade_name(match.group(1)) if match else ""

    def _grade_name(self, folded: str) -> str:
        return self._written[folded]

    def whole(self, text: str) -> str | None:
        """The award whose name is the whole text ("CSTĐ tỉnh", "Chiến sĩ thi đua cơ sở"), or None."""
        plain = QUOTES_RE.sub(" ", clean(text))
        found = self.find(plain)
        if len(found) == 1 and not plain[:found[0].start].strip() and not plain[found[0].end:].strip(" .,;:!?"):
            return found[0].award
        return None


# Kinds of question a principle every award is given by does not answer unless its `answers` say so: a figure, a
# form, who, a status ("hồ sơ CSTĐCS cho người nghỉ thai sản gồm gì" asks the dossier, not the maternity principle).
FIGURE_OR_FORM = ("amount", "dossier", "authority", "status")


class QuestionRules:
    """Where the knowledge base rules each award, per kind of question: the engine's view of the catalogue. An
    award's mentions are found by the catalogue's one matcher; a collective's own award (`asked_as`) is asked
    about as the award it belongs to."""

    def __init__(self, awards: list[AwardRules], names: AwardNames | None = None,
                 asked_as: dict[str, str] | None = None, principles: dict[str, RuleRef] | None = None,
                 principle_answers: dict[str, tuple[str, ...]] | None = None,
                 unruled: list[Unruled] | None = None,
                 principle_held: dict[str, tuple[frozenset[str], ...]] | None = None,
                 acting: dict[str, list[RuleRef]] | None = None, acting_only: frozenset[str] = frozenset()) -> None:
        self.awards = {award.id: award for award in awards}
        # the articles that rule an action on every award, besides its own criteria (_common.yaml `actions`:
        # proposing it, Điều 83 of the Law), and the actions only they answer surely (`only`)
        self.acting = acting or {}
        self.acting_only = acting_only
        # circumstances a rule the knowledge base lacks decides (_common.yaml `unruled`)
        self.unruled = unruled or []
        # the principles every award is given by (_common.yaml), by name: the clause that rules each
        self.principles = principles or {}
        # the kinds of question a principle answers besides those about it (a principle of reckoning rewards: amounts)
        self.principle_answers = principle_answers or {}
        # the kinds of award one nominee holds at once that a principle rewards (two titles; a title and a form)
        self.principle_held = principle_held or {}
        self.names = names or AwardNames({award.id: award.names for award in awards})
        self.grades = self.names.grades.names
        self.asked_as = asked_as or {}

    def principle_answers_kind(self, principle: str, intent: str) -> bool:
        """Whether a principle's clause answers a kind of question (_common.yaml `answers`; by default any but a
        figure or a form)."""
        answers = self.principle_answers.get(principle, ())
        return intent in answers if answers else intent not in FIGURE_OR_FORM

    def held_principle(self, awards: list[str]) -> str:
        """The principle that rewards one nominee holding these awards at once, by their kinds (_common.yaml
        `held`): "" for fewer than two awards, one of unknown kind, or kinds no principle names."""
        ids = set(awards)
        kinds = {self.awards[award].kind if award in self.awards else "" for award in ids}
        if len(ids) < 2 or "" in kinds:
            return ""
        return next((name for name, held in self.principle_held.items() if kinds in held), "")

    @classmethod
    def load(cls, folder: Path) -> QuestionRules:
        return Catalogue.load(folder).questions

    def abbreviations(self) -> dict[str, str]:
        """The awards' abbreviations ("CSTĐCS", "AHLĐ", "BKTTg") to the name they stand for: written once, in the
        award's file, and expanded for retrieval like the abbreviations of knowledge/abbreviations.yaml."""
        def stands_for(abbreviation: str, award: AwardRules) -> str:
            # the name whose words' initials it is ("TTƯT": Thầy thuốc ưu tú), else the award's name
            initials = fold_key(abbreviation).replace(" ", "")
            return next((name for name in award.names
                         if "".join(word[0] for word in fold_key(name).split()) == initials), award.name)

        return {name: stands_for(name, award) for award in self.awards.values() for name in award.names
                if ABBREVIATION_RE.fullmatch(name) and name != award.name}

    def read(self, text: str) -> tuple[str, list[NamedAward]]:
        """The text as the matcher reads it (cleaned, quotes as spaces: offsets are those of `clean(text)`) and the
        award names found in it: the one reading of a message that `mentions` and `masked` group or mask."""
        plain = QUOTES_RE.sub(" ", clean(text))
        return plain, self.names.find(plain)

    def mentions(self, text: str, found: list[NamedAward] | None = None) -> list[AwardMention]:
        """Awards named in a text, longest name first, each once ("Tập thể lao động tiên tiến" is not also
        "Lao động tiên tiến"); an award named in several grades ("hạng Nhất, hạng Nhì") once per grade. `found`:
        the names already read in `text` (offsets into it), so it is not read again."""
        plain, names = (QUOTES_RE.sub(" ", clean(text)), found) if found is not None else self.read(text)
        held_by: dict[str, list[AwardMention]] = {}
        for name in names:
            award_id = self.asked_as.get(name.award, name.award)
            if award_id not in self.awards:
                continue  # named, but where it is ruled is not part of this catalogue
            grades = name.grades or ("",)
            named = [AwardMention(award_id, key(plain[name.start:name.reach]), grades[0])]
            named += [AwardMention(award_id, f"hang {key(grade)}", grade) for grade in grades[1:]]
            held = held_by.setdefault(award_id, [])
            for mention in named:
                if mention.grade and held and not held[0].grade:
                    held.clear()  # the graded name says more than an earlier bare one
                if not any(m.grade == mention.grade for m in held) and (mention.grade or not held):
                    held.append(mention)
        return [mention for held in held_by.values() for mention in held]

    def masked(self, text: str, placeholder: str = "danh hiệu", found: list[NamedAward] | None = None) -> str:
        """The text with every award name replaced by a placeholder: what is asked, without what it is asked about
        (the kind of a question is told apart from its topic). `found` as for `mentions`."""
        text = clean(text)
        pieces, end = [], 0
        for name in self.names.find(text) if found is None else found:
            if self.asked_as.get(name.award, name.award) not in self.awards:
                continue
            pieces += [text[end:name.start], placeholder]
            end = name.reach
        return "".join(pieces) + text[end:]

    def rules_for(self, mention: AwardMention, intent: str) -> list[RuleRef]:
        award = self.awards.get(mention.award)
        if award is None or intent not in RULED_INTENTS:
            return []
        refs = award.rules.get(RULED_INTENTS[intent], [])
        return [ref for ref in refs if same_grade(ref.grade, mention.grade)]

    def name(self, award_id: str) -> str:
        award = self.awards.get(award_id)
        return award.name if award else award_id


def same_grade(one: str, other: str) -> bool:
    """Whether two grades an award is named with ("ba", "Ba", "") are one: the same, or either names none."""
    return not one or not other or key(one) == key(other)


def _ref(raw: dict, local: bool = False) -> RuleRef:
    return RuleRef(str(raw["doc"]), str(raw["article"]), str(raw.get("clause", "")), str(raw.get("point", "")),
                   str(raw.get("grade", "")), local)


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _with_province(raw: dict, province: str) -> dict:
    """A province's rule (criteria, decides, deadline, procedure, variants' criteria and decides) marked with it."""
    if "cite" in raw:
        return {**raw, "province": province}
    return {kind: [_with_province(item, province) for item in value] if isinstance(value, list)
            else _with_province(value, province) for kind, value in raw.items()}


def _merge_overlay(award: dict, own: dict, province: str) -> dict:
    """An award's file with a province's own rules: its criteria before the Law's (the province words what its
    council checks), who decides and its deadlines, and its rule references after the Law's, marked local."""
    merged = dict(award)
    for part in ("criteria", "decides", "deadline", "procedure"):
        if part in own:
            value = _with_province({part: own[part]}, province)[part]
            merged[part] = [*value, *award.get(part, [])] if part == "criteria" else value
    if own.get("criteria"):
        merged["province"] = province
    if own.get("variants"):
        variants = {kind: dict(value) for kind, value in (award.get("variants") or {}).items()}
        for kind, value in own["variants"].items():
            mine = _with_province(value, province)
            held = variants.setdefault(kind, {})
            held.update({**mine, "criteria": [*mine.get("criteria", []), *held.get("criteria", [])]}
                        if "criteria" in mine else mine)
        merged["variants"] = variants
    if own.get("rules"):
        rules = {kind: list(refs) for kind, refs in (award.get("rules") or {}).items()}
        for kind, refs in own["rules"].items():
            rules.setdefault(kind, []).extend({**ref, "local": True} for ref in refs)
        merged["rules"] = rules
    return merged


def _shared(raw: dict, shared: dict[str, list]) -> dict:
    """An award's file with its dossier, rule lists and `decides_at` rules named by a key of `shared` (_common.yaml)
    written out."""
    def resolved(value):
        return shared[value] if isinstance(value, str) else value

    found = {**raw, "dossier": resolved(raw["dossier"])} if "dossier" in raw else dict(raw)
    if raw.get("decides_at"):
        found["decides_at"] = {place: resolved(rule) for place, rule in raw["decides_at"].items()}
    if raw.get("rules"):
        found["rules"] = {kind: resolved(refs) for kind, refs in raw["rules"].items()}
    return found


def _names(raw: dict, class_words: list[str], levels: list[list[str]] = (), given_by: dict | None = None) -> list[str]:
    """Every name of an award: the names written as staff write them, and how the bot writes it; the formal name
    without the word for its class ("Danh hiệu “Lao động tiên tiến”" is "Lao động tiên tiến"); each name ending
    in a way of saying its level, with every other way of saying it (`levels`: "cờ thi đua tỉnh" is also "cờ thi đua
    của UBND thành phố"); and each name of a giver said with the giver first (`given_by`: "bằng khen của thủ tướng"
    is also "thủ tướng tặng bằng khen")."""
    formal = nfc(str(raw.get("name") or ""))
    core = next((formal[len(word):].strip() for word in class_words
                 if fold_key(formal).startswith(f"{fold_key(word)} ")), formal)
    written = [raw.get("display"), raw.get("short"), core]
    names = [nfc(str(name)) for name in [*written, *raw.get("names", [])] if name]
    names = list(dict.fromkeys([*names, *(other for name in names for other in _level_variants(name, levels))]))
    return list(dict.fromkeys([*names, *(other for name in names for other in _giver_first(name, given_by or {}))]))


def _giver_first(name: str, given_by: dict) -> list[str]:
    """"<award> của <giver>" said as "<giver> tặng <award>" (each way of giving of `given_by`), for one "of" word
    that splits the name in two."""
    words = name.split()
    for of in given_by.get("of", []):
        at = [i for i, word in enumerate(words) if fold_key(word) == fold_key(of)]
        if len(at) == 1 and 0 < at[0] < len(words) - 1:
            award, giver = " ".join(words[:at[0]]), " ".join(words[at[0] + 1:])
            return [f"{giver} {gives} {award}" for gives in given_by.get("gives", [])]
    return []


def _level_variants(name: str, levels: list[list[str]]) -> list[str]:
    """The name with the way it says its level (the longest at its end) said each other way of its group."""
    folded = fold_key(name)
    for group in levels:
        said = max((level for level in group if folded.endswith(f" {fold_key(level)}")), key=len, default="")
        if said:
            stem = name[:len(name) - len(said)].rstrip()
            return [f"{stem} {other}" for other in group if other != said]
    return []


@dataclass
class Catalogue:
    awards: dict[str, Award]
    common: list[Rule]
    uncovered: list[Uncovered] = field(default_factory=list)
    # Principles that change how a history is read (maternity leave, pending discipline), by name.
    principles: dict[str, Rule] = field(default_factory=dict)
    unruled: list[Unruled] = field(default_factory=list)
    names: AwardNames = field(default_factory=lambda: AwardNames({}))
    questions: QuestionRules = field(default_factory=lambda: QuestionRules([]))
    # Principles that bar a nomination whatever the history (_common.yaml `bars`): said in a question, they answer
    # it before a verdict that wants more facts.
    barring: frozenset[str] = frozenset()

    @classmethod
    def load(cls, folder: Path) -> Catalogue:
        """The catalogue of AWARDS_DIR: every award's file, the common file, and the province overlays."""
        common = _yaml(folder / COMMON_FILE)
        shared = common.get("shared") or {}
        raw_awards = {raw["id"]: _shared(raw, shared) for raw in (_yaml(path) for path in sorted(folder.glob("*.yaml"))
                                                                  if path.name != COMMON_FILE)}
        for path in sorted((folder / PROVINCES_DIR).glob("*.yaml")):
            overlay = _yaml(path)
            for award_id, own in (overlay.get("awards") or {}).items():
                raw_awards[award_id] = _merge_overlay(raw_awards[award_id], own, nfc(overlay["province"]))
        raw_grades = dict(common.get("grades") or {})
        spellings = {nfc(name): tuple(nfc(str(other)) for other in others)
                     for name, others in (raw_grades.pop("spellings", None) or {}).items()}
        grades = Grades(**{key_: tuple(value) if isinstance(value, list) else value
                           for key_, value in raw_grades.items()}, spellings=spellings)
        class_words = [nfc(word) for word in common.get("class_words", [])]
        levels = [[nfc(str(level)) for level in group] for group in common.get("levels") or []]
        given_by = {key_: [nfc(str(word)) for word in words] for key_, words in (common.get("given_by") or {}).items()}
        every_name = {award_id: _names(raw, class_words, levels, given_by) for award_id, raw in raw_awards.items()}
        names = AwardNames(every_name, grades)
        listed = [award_id for award_id in common.get("order", []) if award_id in raw_awards]
        order = [*listed, *(award_id for award_id in raw_awards if award_id not in listed)]
        awards = {}
        for award_id in order:
            item = raw_awards[award_id]
            if "criteria" not in item:
                continue
            awards[award_id] = Award(
                id=award_id, name=nfc(item["name"]), short=nfc(item["short"]), kind=item["kind"],
                for_whom=item["for"], rank=int(item["rank"]), criteria=[_rule(c) for c in item["criteria"]],
                decides=_rule(item["decides"]), dossier=[_rule(d) for d in item["dossier"]],
                reward=_rule(item["reward"]) if item.get("reward") else None,
                deadline=_rule(item["deadline"]) if item.get("deadline") else None,
                procedure=_rule(item["procedure"]) if item.get("procedure") else None,
                province=item.get("province", ""), gaps=[nfc(g) for g in item.get("gaps", [])],
                nominees=item.get("nominees", DEFAULT_NOMINEES[item["for"]]),
                variants={kind: _variant(raw_variant) for kind, raw_variant in item.get("variants", {}).items()},
                counterparts={str(kind): str(other) for kind, other in (item.get("counterparts") or {}).items()},
                decides_at={str(place): _rule(rule) for place, rule in (item.get("decides_at") or {}).items()},
            )
        uncovered = [Uncovered(award_id, nfc(item["name"]), nfc(item["lacks"]),
                               [_rule(rule) for rule in item.get("necessary", [])])
                     for award_id, item in raw_awards.items() if item.get("lacks")]
        principles = {name: _rule(item) for name, item in (common.get("principles") or {}).items()}
        unruled = [Unruled(label, nfc(lacks)) for label, lacks in (common.get("unruled") or {}).items()]
        ruled = [AwardRules(award_id, every_name[award_id],
                            {kind: [_ref(ref, ref.get("local", False)) for ref in refs or []]
                             for kind, refs in (item.get("rules") or {}).items()},
                            _ref(item["listed_in"]) if item.get("listed_in") else None,
                            nfc(str(item.get("display", ""))), nfc(str(item.get("kind", ""))),
                            nfc(str(item.get("for", ""))))
                 for award_id, item in raw_awards.items() if "rules" in item]
        asked_as = {award_id: item["asked_as"] for award_id, item in raw_awards.items() if item.get("asked_as")}
        ruling = {name: RuleRef(rule.cite.doc, rule.cite.article, rule.cite.clause, rule.cite.point)
                  for name, rule in principles.items()}
        answers = {name: tuple(item.get("answers", ())) for name, item in (common.get("principles") or {}).items()}
        held = {name: tuple(frozenset(nfc(kind) for kind in kinds) for kinds in item["held"])
                for name, item in (common.get("principles") or {}).items() if item.get("held")}
        barring = frozenset(name for name, item in (common.get("principles") or {}).items() if item.get("bars"))
        actions = common.get("actions") or {}
        acting = {action: [_ref(ref) for ref in item["articles"]] for action, item in actions.items()}
        acting_only = frozenset(action for action, item in actions.items() if item.get("only"))
        return cls(awards, [_rule(c) for c in common.get("common_criteria", [])], uncovered, principles, unruled,
                   names, QuestionRules(ruled, names, asked_as, ruling, answers, unruled, held, acting, acting_only),
                   barring)

    def find(self, text: str) -> Award | None:
        """An award by id, number in the list, or one of its names (case and diacritics as typed)."""
        key_ = fold_key(text)
        ordered = list(self.awards.values())
        if key_.isascii() and key_.isdigit() and 1 <= int(key_) <= len(ordered):  # "²" is a digit int() refuses
            return ordered[int(key_) - 1]
        written = next((award for award in ordered if key_ in (award.id, fold_key(award.short), fold_key(award.name))),
                       None)
        return written or self.awards.get(self.names.whole(text) or "")

    def named(self, text: str, found: list[NamedAward] | None = None) -> list[tuple[NamedAward, Award | Uncovered]]:
        """The wizard's awards and the uncovered ones named in a text, left to right (others are skipped).
        `found`: the names read in `text` already."""
        uncovered = {item.id: item for item in self.uncovered}
        return [(name, self.awards.get(name.award) or uncovered[name.award])
                for name in (self.names.find(text) if found is None else found)
                if name.award in self.awards or name.award in uncovered]
