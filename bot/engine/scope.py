"""Whom a rule is for, and whom a question asks it for.

A clause's lead-in says whom it rules ("1. Cá nhân được tặng … Huân chương …", "2. Tập thể được tặng …", "… cho công
nhân, nông dân …"); a question may say whom it asks about ("tập thể được Bằng khen của Thủ tướng thưởng bao
nhiêu?", "cán bộ, công chức muốn được Huân chương Lao động hạng Ba"). The individuals' clause does not answer a
collective's question, nor the workers' clause a civil servant's: the words are knowledge/lexicon/for_whom.yaml
(individual, collective, household) and nominees.yaml (the kinds of individual), read by the one matcher.
"""

from __future__ import annotations

from bot.lexicon import Lexicon

FOR_WHOM = "for_whom"
NOMINEES = "nominees"
INDIVIDUAL = "ca-nhan"  # the for_whom label every kind of nominee belongs to, unless it is a for_whom label itself
COLLECTIVE = "tap-the"  # the for_whom label of a collective


def said_for(text: str, lexicon: Lexicon) -> frozenset[str]:
    """Whom `text` says: individual, collective, household, and the kinds of individual it names."""
    return frozenset([*lexicon.labels(text, FOR_WHOM), *lexicon.labels(text, NOMINEES)])


def asked_for(asked: frozenset[str] | set[str], award_name: str, lexicon: Lexicon) -> frozenset[str]:
    """Whom a question asks a rule for, as far as it can be told: the one its award's name says ("Tập thể lao động
    xuất sắc": a collective, whatever individuals the criteria talk of); else the one it names. Naming individuals
    and collectives alike ("tập thể … so với cá nhân") tells no one; several kinds of individual ("công nhân,
    không phải công chức") tell only an individual."""
    named = said_for(award_name, lexicon) or frozenset(asked)
    whole = set(lexicon.labels_of(FOR_WHOM))
    subjects = {label if label in whole else INDIVIDUAL for label in named}
    if len(subjects) > 1:
        return frozenset()
    return frozenset(subjects) if len(named - whole) > 1 else named


def fits(asked: frozenset[str] | set[str], said: frozenset[str] | set[str], lexicon: Lexicon) -> bool:
    """Whether a clause said for `said` answers a question asked for `asked`: either says no one; or they share
    individual, collective or household, and, where both name kinds of individual, one of them."""
    if not asked or not said:
        return True
    whole = set(lexicon.labels_of(FOR_WHOM))

    def kinds_of(labels: frozenset[str] | set[str]) -> set[str]:
        return {label if label in whole else INDIVIDUAL for label in labels}

    if not kinds_of(asked) & kinds_of(said):
        return False
    named, ruled = set(asked) - whole, set(said) - whole
    return not (named and ruled and not named & ruled)


def lead_of(text: str, point: bool) -> str:
    """The lines of a quoted khoản or điểm that say whom it rules: its lead-in line, and the điểm's own line."""
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[:2] if point else lines[:1])
