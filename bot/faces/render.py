"""An Answer (data) as text: plain for the console and the command line, Telegram HTML for the bot. The sentences
are the templates of bot/faces/messages.py, filled from the answer's fields."""

from __future__ import annotations

import html
from datetime import datetime

from bot.engine.answer import (
    AmendmentGap,
    Answer,
    CapGap,
    CircumstanceGap,
    Citation,
    DocumentStatus,
    Gap,
    ProvinceGap,
    Reference,
    TopicGap,
    Unanswered,
)
from bot.faces import messages as say
from bot.nomination.verdict import COUNCIL, CriterionLine, EligibilityReply, Headline, kind_label
from ingest.units import Provenance
from ingest.vietnamese import day_text

UNSURE_OTHERS = 2  # closest clauses of other articles shown under an unsure answer


def provenance_note(provenance: Provenance, who: bool = False) -> str:
    """Where a quoted text comes from, when it is not simply a document of the knowledge folders as shipped:
    "văn bản do quản trị viên tải lên ngày 04/12/2026, chưa đối chiếu bản gốc"; "" otherwise. `who` adds the
    admin's name (for the document list, not under every answer)."""
    notes = []
    if provenance.uploaded:
        by = f" {provenance.uploaded_by}" if who and provenance.uploaded_by else ""
        when = say.UPLOADED_ON.format(_day(provenance.uploaded_at)) if provenance.uploaded_at else ""
        checked = say.CHECKED.format(_day(provenance.checked_at)) if provenance.checked_at else say.UNCHECKED
        notes.append(say.UPLOADED.format(by=by, when=when, checked=checked))
    guessed = [say.GUESSED_LABELS[name] for name in provenance.guessed if name in say.GUESSED_LABELS]
    if guessed:
        notes.append(say.GUESSED.format(", ".join(guessed)))
    return "; ".join(notes)


def cited(citation: Citation) -> str:
    """A citation as listed under an answer, with where its text comes from when that needs saying."""
    note = provenance_note(citation.provenance)
    return f"{citation.text} — {note}" if note else citation.text


def _other_articles(answer: Answer) -> list[Citation]:
    """The closest units of other articles than the one quoted, for an answer not sure of its clause."""
    seen = {(c.doc_id, c.article) for c in [answer.quote_citation, *answer.citations] if c is not None}
    others = []
    for hit in answer.hits:
        place = (hit.unit.doc.id, hit.unit.article)
        if place not in seen and len(others) < UNSURE_OTHERS:
            seen.add(place)
            others.append(Citation.of(hit.unit))
    return others


def _day(stamp: str) -> str:
    """ "2026-12-04 15:10" -> "04/12/2026" """
    try:
        return datetime.strptime(stamp[:10], "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return stamp


def gap_text(gap: Gap | ProvinceGap | TopicGap | AmendmentGap | CircumstanceGap | CapGap | Unanswered) -> str:
    """What the knowledge base lacks, said plainly."""
    if isinstance(gap, CapGap):
        return say.CAP_GAP.format(told=", ".join(f"«{told}»" for told in gap.told)) + say.GAP_UPDATE
    if isinstance(gap, CircumstanceGap):
        return say.CIRCUMSTANCE_GAP.format(lacks="; ".join(gap.lacks), told=", ".join(gap.told)) + say.GAP_UPDATE
    if isinstance(gap, AmendmentGap):
        effective = say.AMENDMENT_EFFECTIVE.format(day=_day(gap.effective)) if gap.effective else ""
        return say.AMENDMENT_GAP.format(name=gap.name, effective=effective, target=gap.target)
    if isinstance(gap, ProvinceGap):
        return province_gap_text(gap)
    if isinstance(gap, TopicGap):
        return topic_gap_text(gap)
    if isinstance(gap, Unanswered):
        return say.UNANSWERED
    return rule_gap_text(gap)


def rule_gap_text(gap: Gap) -> str:
    """The rule asked of an award, where the award is named without it, and other provinces' rules as references
    only."""
    about, what = say.GAP_ABOUT[gap.intent]
    text = say.GAP.format(about=about.format(gap.award))
    asked = whom_text(gap.whom)
    text += say.GAP_WHOM.format(whom=asked) if asked else ""
    text += say.GAP_FOR_PROVINCE.format(province=gap.province) if gap.province else "."
    for rule, said in gap.ruled_for:
        text += say.GAP_RULED_FOR.format(location=rule.location[:1].upper() + rule.location[1:],
                                         document=rule.short_document, whom=whom_text(said), asked=asked)
    if gap.listed_in is not None:
        text += say.GAP_LISTED.format(award=gap.award, article=gap.listed_in.article,
                                      document=gap.listed_in.short_document, what=what)
    for place, rule in gap.elsewhere:
        text += say.GAP_ELSEWHERE.format(place=place, article=rule.article, document=rule.short_document)
    return text + say.GAP_UPDATE


def whom_text(labels: tuple[str, ...] | frozenset[str]) -> str:
    """Whom a rule is for, as said ("tập thể", "công nhân, nông dân"), in the order of the faces' table."""
    return ", ".join(name for label, name in say.WHOM.items() if label in labels)


def province_gap_text(gap: ProvinceGap) -> str:
    """The province's own rule missing; the nearest national clause, labelled as such; another province's rule as a
    reference."""
    text = say.PROVINCE_GAP.format(province=gap.province)
    if gap.general is not None:
        text += say.PROVINCE_GAP_GENERAL.format(province=gap.province, lead=lead_text(gap.general),
                                                quote=gap.general.quote.strip())
    if gap.reference is not None:
        text += say.PROVINCE_GAP_REFERENCE.format(place=gap.reference.place, citation=gap.reference.citation.text,
                                                  province=gap.reference.province)
    return text


def topic_gap_text(gap: TopicGap) -> str:
    """The closest text hands the rule to another, or states no figure: quoted as a reference."""
    where = f"{gap.citation.location} {gap.citation.short_document}".strip()
    where = where[0].upper() + where[1:]
    if gap.delegated:
        return say.DELEGATED.format(topic=gap.topic[0].lower() + gap.topic[1:], where=where, sentence=gap.sentence)
    return say.NO_FIGURE.format(where=where, sentence=gap.sentence)


def status_text(status: DocumentStatus) -> str:
    """Whether a named document is in force, since when, what replaces it or it replaces, what it repeals."""
    name = status.name[:1].upper() + status.name[1:]
    if status.report:
        published = say.PUBLISHED.format(day=day_text(status.published)) if status.published else ""
        text = say.REPORT.format(name=name, published=published)
    else:
        text = (say.IN_FORCE if status.in_force else say.NOT_IN_FORCE).format(name=name)
        if status.effective:
            text += say.EFFECTIVE.format(day=day_text(status.effective))
    text += "".join(say.RELATIONS[relation].format(what) + (say.REPLACED_ON.format(day=day_text(status.replaced_on))
                                                           if relation == "replaced-by" and status.replaced_on else "")
                    for relation, what in status.relations)
    return text + say.STATUS_END


def lead_text(answer: Answer) -> str:
    """An answer's first line: what the knowledge base lacks, or the named documents' force, then what the engine
    put in `lead` (the line over a quote, or what a later step added)."""
    if answer.gap is not None:
        return gap_text(answer.gap) + answer.lead
    # the Có / Không the quoted rule says, only where the answer is sure of what was asked and of its clause
    lead = f"{answer.said} {answer.lead}" if answer.said and answer.sure else answer.lead
    if answer.statuses:
        statuses = " ".join(status_text(status) for status in answer.statuses)
        return f"{statuses}\n{lead}" if answer.quote else statuses + lead
    return lead


def warning_text(warning: str | Reference) -> str:
    """A warning under an answer: the engine's own sentence, or another province's rule as a reference."""
    if isinstance(warning, Reference):
        return say.REFERENCE.format(place=warning.place, citation=warning.citation.text, province=warning.province)
    return warning


def headline_text(headline: Headline) -> str:
    """A verdict's first line, or why none was reached."""
    opening = say.ELIGIBLE_UNWEIGHED if headline.unweighed else say.ELIGIBLE
    where = "; ".join(headline.where)
    named = say.UNKNOWN_AWARD_NAMED.format(", ".join(headline.named)) if headline.named else ""
    text = say.HEADLINES[headline.kind].format(
        award=headline.award, year=headline.year, where=where, opening=opening, needed="; ".join(headline.needed),
        conditions="; ".join(say.CONDITIONS[kind].format(criterion) for kind, criterion in headline.conditions),
        province=headline.province, named=named)
    inferred = say.VERDICT_INFERRED.format(award=headline.award) if headline.inferred else ""
    if headline.unweighed:  # the gap first, then the award read from the story, then what the rules say
        rest = text.removeprefix("⚠️ ")
        return say.UNWEIGHED.format(unweighed="; ".join(headline.unweighed), award=headline.award) + inferred \
            + say.UNWEIGHED_REST + rest[:1].lower() + rest[1:]
    return inferred + text


def criterion_text(line: CriterionLine) -> str:
    """A criterion under a verdict: met, not met (and what else the rule allows), open, or a principle applied."""
    if line.mark == "met":
        text = say.CRITERION_MET.format(text=line.text, where=line.where)
        text += say.CRITERION_MET_FACT.format(line.fact) if line.fact else ""
        return text + (say.CRITERION_COUNCIL.format(COUNCIL) if line.council else "") + "."
    if line.mark == "failed":
        text = say.CRITERION_FAILED.format(text=line.text, where=line.where, fact=line.fact)
        return text + (say.CRITERION_OTHERS.format(line.others) if line.others else "")
    return {"judgement": say.CRITERION_JUDGEMENT, "untold": say.CRITERION_UNTOLD, "unclear": say.CRITERION_UNCLEAR,
            "principle": say.PRINCIPLE}[line.mark].format(text=line.text, where=line.where, fact=line.fact)


def verdict_text(reply: EligibilityReply) -> str:
    """The whole verdict: its first line, a line per criterion, then the notes."""
    parts = [headline_text(reply.headline)]
    if reply.unlisted_rules:  # what the cited articles say of the kind of nominee told, before the general criteria
        parts.append("\n".join([say.UNLISTED_RULES.format(kind_label(reply.unlisted)),
                                *(say.UNLISTED_RULE.format(line=line, where=where)
                                  for line, where in reply.unlisted_rules)]))
    if reply.listed_rules:  # the award is for the kind of nominee told: the line of the law that says so
        parts.append("\n".join([say.LISTED_RULES.format(kind_label(reply.prefill["nominee_kind"])),
                                *(say.UNLISTED_RULE.format(line=line, where=where)
                                  for line, where in reply.listed_rules)]))
    if reply.partial_rules:  # the award's criteria the knowledge base holds in part: quoted, not judged
        parts.append("\n".join([say.PARTIAL_RULES, *(say.UNLISTED_RULE.format(line=line, where=where)
                                                     for line, where in reply.partial_rules)]))
    if reply.lines:
        parts.append("\n".join(criterion_text(line) for line in reply.lines))
    if reply.notes:
        parts.append("\n".join(reply.notes))
    return "\n\n".join(parts)


def render(answer: Answer, html_mode: bool = False) -> str:
    """Plain text for the console and CLI, Telegram HTML (everything escaped) for the bot. A message with several
    questions gets one numbered answer each, then the units they rely on."""
    esc = html.escape if html_mode else (lambda text: text)

    def bold(text: str) -> str:
        return f"<b>{esc(text)}</b>" if html_mode else text

    def body(part: Answer) -> list[str]:
        if part.eligibility is not None:
            closest = _other_articles(part) if not part.covered else []  # asked back which award: what is near
            return [esc(verdict_text(part.eligibility)),
                    *([esc(say.CLOSEST), *(f"• {esc(cited(citation))}" for citation in closest)] if closest else [])]
        if not part.covered:
            lines = [esc(lead_text(part))]
            if part.related:
                lines.append(bold(say.RELATED))
                lines += [f"• {esc(cited(citation))}" for citation in part.related]
            return lines
        if part.prose:
            return [esc(part.prose)]
        quote = part.quote.strip()
        lines = [esc(lead_text(part)), f"<blockquote>{esc(quote)}</blockquote>" if html_mode else "«" + quote + "»"]
        if not part.sure:  # never a confident first line for a question not clearly understood
            label = say.ACTION_LABELS.get(part.action) or say.KIND_LABELS.get(part.intent)
            unsure, about = (say.UNSURE_CLAUSE, say.UNSURE_CLAUSE_ABOUT) if part.doubt == "clause" \
                else (say.UNSURE, say.UNSURE_ABOUT)
            lines.insert(0, esc(say.UNSTATED.format(", ".join(part.unstated)) if part.doubt == "unstated"
                                else unsure.format(about=about.format(label) if label else "")))
            if part.closest:  # the next closest clauses, each quoted: the one that answers may be among them
                lines.append(esc(say.ALSO_RELATED))
                for citation, text in part.closest:
                    lines += [f"• {esc(cited(citation))}:",
                              f"<blockquote>{esc(text)}</blockquote>" if html_mode else "«" + text + "»"]
            elif others := _other_articles(part):
                lines += [esc(say.ALSO_RELATED), *(f"• {esc(cited(citation))}" for citation in others)]
        elif part.also:
            lines.append(esc(say.ALSO_IN_ARTICLE))
            for citation, text in part.also:
                lines += [f"• {esc(cited(citation))}:",
                          f"<blockquote>{esc(text)}</blockquote>" if html_mode else "«" + text + "»"]
        return lines

    lines: list[str] = []
    if answer.parts:
        for number, part in enumerate(answer.parts, start=1):
            lines += [f"{number}) " + body(part)[0], *body(part)[1:], ""]
    else:
        lines += body(answer)
    if not answer.covered:
        text = "\n".join(lines).rstrip()
        return f"{text}\n\n{esc(say.NOT_COVERED_HINT)}" if answer.hint else text
    if lines and lines[-1] != "":
        lines.append("")
    lines.append(bold(say.SOURCES))
    for number, citation in enumerate(answer.citations, start=1):
        lines.append(f"[{number}] {esc(cited(citation))}")
    for warning in answer.warnings:
        lines.append(esc(say.WARNING.format(warning_text(warning))))
    return "\n".join(lines)
