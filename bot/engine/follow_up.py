"""A follow-up understood against the previous query, not against the previous sentence.

What a question was read as is kept as a `Query` (the awards asked, the kind of question, the province, the
documents, who, the facts told, the rest of what it asked, the text as written): small, serialisable, what
travels between workers. A short follow-up ("còn lao động tiên tiến thì sao?", "thế ai ký quyết định?", "ở Hải
Phòng thì sao?") is read once like any message, then merged with that query: what it says replaces the field it
belongs to (an award the award, a kind of question the kind, a province the province, a contrast word of
knowledge/lexicon/contrasts.yaml its counterpart); what it does not say is carried over. The text searched is built
from the merged fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.engine.scope import said_for
from bot.engine.text import content_terms
from bot.engine.understand import AWARD_SLOT, QUESTIONS, AwardMention, Catalogue, Part, Understanding, key
from bot.lexicon import Found, Lexicon, without_spans
from ingest.vietnamese import clean

CONTRASTS = "contrasts"  # the taxonomy of words a follow-up swaps in for the previous question's
# A message with more topic words than this and no follow-up marker at its start stands on its own.
OWN_TERMS = 2


@dataclass(frozen=True)
class Query:
    """What a question was read as: the awards asked (id, grade; the one it is about first), the kind of question,
    the province, documents and kinds of nominee it names, the facts it told, the rest of what it asked (`topic`:
    its questions without the awards and the province) and `text`, the message as written."""

    text: str
    intent: str = "content"
    awards: tuple[tuple[str, str], ...] = ()
    province: str = ""
    documents: tuple[str, ...] = ()
    who: tuple[str, ...] = ()
    topic: str = ""
    facts: tuple[str, ...] = ()
    sure: bool = True  # whether its kind of question was clear: a follow-up carrying it is no surer

    @classmethod
    def of(cls, understanding: Understanding, text: str = "") -> Query:
        """The query `understanding` holds; `text`: the message as written, when the understanding is a follow-up's
        (its message is the text searched)."""
        subject = understanding.parts[0].subject if understanding.parts else None
        mentions = [*([subject] if subject else []), *understanding.awards]
        awards = tuple(dict.fromkeys((mention.award, mention.grade) for mention in mentions))
        return cls(text or understanding.message, understanding.intent, awards, understanding.province,
                   tuple(understanding.documents), tuple(understanding.who), understanding.topic,
                   tuple(understanding.facts), all(part.sure for part in understanding.parts))

    def to_dict(self) -> dict:
        return {"text": self.text, "intent": self.intent, "awards": [list(award) for award in self.awards],
                "province": self.province, "documents": list(self.documents), "who": list(self.who),
                "topic": self.topic, "facts": list(self.facts), "sure": self.sure}

    @classmethod
    def from_dict(cls, data: dict) -> Query:
        return cls(str(data.get("text", "")), str(data.get("intent") or "content"),
                   tuple((str(award), str(grade)) for award, grade in data.get("awards") or []),
                   str(data.get("province", "")), tuple(map(str, data.get("documents") or [])),
                   tuple(map(str, data.get("who") or [])), str(data.get("topic", "")),
                   tuple(map(str, data.get("facts") or [])), bool(data.get("sure", True)))


class FollowUps:
    """Reads a message against the previous query (`merge`), with the catalogue's award names and the lexicon;
    `name` writes an award asked (with its grade) as the answers do."""

    def __init__(self, catalogue: Catalogue, lexicon: Lexicon, name: Callable[[AwardMention], str]) -> None:
        self.catalogue = catalogue
        self.lexicon = lexicon
        self._name = name

    def name(self, award: str, grade: str = "") -> str:
        return self._name(AwardMention(award, "", grade))

    def opener(self, text: str) -> Found | None:
        """The follow-up marker a message opens with ("còn", "thế", "nếu là"), if any."""
        found = self.lexicon.find(text, QUESTIONS, ("follow-up",))
        return found[0] if found and not clean(text)[:found[0].start].strip() else None

    def merge(self, now: Understanding, before: Query) -> Understanding | None:
        """`now` (the message, read once) as a follow-up of `before`; None when it stands on its own."""
        message = clean(now.message)
        opener = self.opener(message)
        if before.awards and opener is None and self._tells_only(now, message):
            return self._told(now, before, message)
        if now.intent in ("greeting", "help") or (opener is None and len(content_terms(message)) > OWN_TERMS):
            return None
        part = now.parts[0] if now.parts else Part(message, now.intent, now.awards, named=now.awards)
        said = {group: found for group in self.lexicon.labels_of(CONTRASTS)
                if (found := self.lexicon.find(message, CONTRASTS, (group,)))}
        # "còn hạng 3?": a grade said alone is the carried award's, in that grade
        grade = self.catalogue.names.grade_alone(message) if not now.awards else ""
        carried = [AwardMention(award, key(self.name(award, grade or held)), grade or held)
                   for award, held in before.awards]
        carried, levelled = self._contrasted(carried, said)
        topic, differs = self._topic(before.topic, said)
        own = self._cut(message, [opener] if opener else [])
        # Its own kind of question is one its own words say (a short follow-up's nearest examples are no evidence:
        # "còn … thì sao?" reads like a comparison); a contrast word with a counterpart in the previous question
        # asks that question again with this difference.
        own_kind = now.intent != "content" and self.lexicon.says(own, "kinds", now.intent) \
            and not (differs | levelled) - {"asked"}
        if own_kind and (carried or now.awards):
            topic = ""  # "thế ai ký quyết định?" asks its own question about the previous subject
        elif own_kind:
            topic = self._cut(topic, self.lexicon.find(topic, "kinds", (before.intent,)))
        awards = now.awards or carried
        subject = part.subject if now.awards else next(iter(awards), None)
        province = now.province or before.province
        names = [self.name(mention.award, mention.grade) for mention in awards if not now.awards]
        place = [province] if province and key(province) not in key(f"{topic} {own}") else []
        asking = topic
        if names and AWARD_SLOT in asking:  # the carried award back where it stood: "Em có được … không?"
            asking, names = asking.replace(AWARD_SLOT, " và ".join(names), 1), []
        text = " ".join(" ".join(filter(None, [asking.replace(AWARD_SLOT, " "), own, *names, *place])).split())
        intent = now.intent if own_kind else before.intent
        merged = Part(text, intent, awards, part.yes_no, sure=part.sure if own_kind else before.sure,
                      compared=part.compared if own_kind else "", action=part.action, named=awards, subject=subject,
                      whom=tuple(sorted(set(part.whom) | said_for(topic, self.lexicon))))
        facts = list(now.facts or before.facts)
        # the eligibility rules read a history as text: for a verdict, the facts told before, then the question
        told = facts if intent == "eligibility" else []
        asked = self.opener(now.topic)
        topic = " ".join(filter(None, [topic, self._cut(now.topic, [asked] if asked else [])]))
        return replace(now, message=" ".join([*told, text]), intent=intent, parts=[merged], awards=awards,
                       who=now.who or list(before.who), province=province,
                       documents=now.documents or list(before.documents), facts=facts, yes_no=part.yes_no,
                       names=None, topic=topic)

    def _tells_only(self, now: Understanding, message: str) -> bool:
        """A message that asks nothing, proposes nothing ("… muốn đề nghị CSTĐCS" names the award it asks) and tells
        what someone did (a rating, an initiative): "cô ấy HTXSNV, đã LĐTT, chưa có sáng kiến" after a question about
        an award is that person's history for it."""
        return now.intent not in ("greeting", "help") and "?" not in message \
            and not any(part.yes_no for part in now.parts) \
            and not self.lexicon.says(message, QUESTIONS, "question") \
            and not self.lexicon.find(message, "eligibility_triggers", ("asks", "nominating")) \
            and bool(self.lexicon.find(message, "ratings")
                     or self.lexicon.find(message, "initiatives", ("initiative",)))

    def _told(self, now: Understanding, before: Query, message: str) -> Understanding:
        """A history told after a question about an award: the award asked stays the previous one (not one the
        history names as held: "đã LĐTT"); what is asked is whether the person may have it, the previous question
        and the history read together (a verdict when the previous question asked one), unsure of the kind."""
        carried = [AwardMention(award, key(self.name(award, grade)), grade) for award, grade in before.awards]
        text = " ".join([message, *(self.name(award, grade) for award, grade in before.awards)])
        part = Part(text, "eligibility", carried, sure=False, named=carried, subject=carried[0],
                    whom=tuple(sorted(said_for(message, self.lexicon))))
        return replace(now, message=" ".join([before.text, message]), intent="eligibility", parts=[part],
                       awards=carried, who=now.who or list(before.who), province=now.province or before.province,
                       facts=[*before.facts, message], yes_no=False, names=None, topic=before.topic)

    def _contrasted(self, carried: list[AwardMention], said: dict[str, list[Found]]) -> tuple[list[AwardMention],
                                                                                                 set[str]]:
        """The carried awards with a contrast word of the follow-up in place of its counterpart in their names
        ("thế còn cấp tỉnh?" after Chiến sĩ thi đua cơ sở: Chiến sĩ thi đua cấp tỉnh), where the catalogue knows
        the award so named; the contrast groups that changed one."""
        changed: set[str] = set()
        awards = []
        for mention in carried:
            name = self.catalogue.name(mention.award)
            for group, found in said.items():
                old = self.lexicon.find(name, CONTRASTS, (group,))
                if old and key(old[0].text) != key(found[0].text):
                    other = self.catalogue.mentions(f"{name[:old[0].start]}{found[0].phrase}{name[old[0].end:]}")
                    if len(other) == 1 and other[0].award != mention.award:
                        mention = AwardMention(other[0].award, key(self.name(other[0].award, mention.grade)),
                                               mention.grade)
                        changed.add(group)
            awards.append(mention)
        return awards, changed

    def _topic(self, topic: str, said: dict[str, list[Found]]) -> tuple[str, set[str]]:
        """The previous topic without the counterparts of the contrast words said (the follow-up's own words bring
        them); the groups that had one."""
        gone, differs = [], set()
        for group, found in said.items():
            old = self.lexicon.find(topic, CONTRASTS, (group,))
            if old and all(key(o.text) != key(found[0].text) for o in old):
                gone += old
                differs.add(group)
        return self._cut(topic, gone), differs

    @staticmethod
    def _cut(text: str, found: list[Found]) -> str:
        """`text` without the spans found in it (offsets into its cleaned form)."""
        return without_spans(text, found).strip(" ,")
