"""Vietnamese text, written once: NFC normalisation, folding (no diacritics, đ → d), keys and slugs.

Every place that compares what a person typed with the knowledge base (questions, wizard answers, award names,
document numbers, place names) folds through here, so "chien si thi dua" and "Chiến sĩ thi đua" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables

WORD_RE = re.compile(r"\w+", re.UNICODE)
# Control and format characters (other than line breaks and tabs) never belong in what a person typed.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Separators that are not line breaks (vertical tab, form feed, the C0/C1 separators) stand between words.
SEPARATOR_RE = re.compile(r"[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")


def clean(text: str) -> str:
    """NFC without control or invisible formatting characters: what enters the program from a person."""
    return CONTROL_RE.sub("", SEPARATOR_RE.sub(" ", nfc(text)))


def fold(text: str) -> str:
    """The text without diacritics ("Chiến sĩ thi đua" -> "Chien si thi dua"); case is kept."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def fold_key(text: str) -> str:
    """A comparison key: folded, lower-case, whitespace collapsed, surrounding punctuation and quotes dropped."""
    return re.sub(r"\s+", " ", fold(nfc(text)).lower()).strip(" .,;:!?“”\"'")


# Vietnamese writes a syllable ending in the vowel i/y either way after a consonant ("kỷ"/"kỉ", "lý"/"lí", "sỹ"/"sĩ",
# "tỷ"/"tỉ", "hy"/"hi") and "quy"/"qui"; never "uy" after a consonant ("huy", "tuy"), which is another vowel.
I_OR_Y = ((re.compile(r"(?<![a-z0-9])(ch|gh|kh|nh|ph|th|tr|[bcdghklmnprstvx])y(?![a-z0-9])"), r"\1i"),
          (re.compile(r"(?<![a-z0-9])qui(?![a-z0-9])"), "quy"))


def spelled(folded: str) -> str:
    """A folded, lower-case text with one spelling of i/y (`I_OR_Y`), letter for letter the same length."""
    for pattern, same in I_OR_Y:
        folded = pattern.sub(same, folded)
    return folded


def match_form(text: str) -> str:
    """The form names and patterns are matched in: folded, lower-case, quotes and brackets dropped, one spelling of
    i/y ("sỹ" is "sĩ", "kỉ" is "kỷ"), runs of spaces collapsed; line breaks are kept (they separate a person's
    facts)."""
    folded = fold(clean(text)).lower()
    folded = re.sub(r"[“”\"'‘’«»()\[\]]", " ", folded)
    return re.sub(r"[ \t]+", " ", spelled(folded))


def has_diacritics(text: str) -> bool:
    return fold(text) != text


def slug(text: str, limit: int = 48, default: str = "x") -> str:
    """ "Điều 5. Hồ sơ" -> "dieu-5-ho-so": for ids and file names."""
    return re.sub(r"[^a-z0-9]+", "-", fold(nfc(text)).lower()).strip("-")[:limit] or default


# Letters that stand for "đ" without being it (Icelandic eth, African D): the confusables table does not map them.
D_LOOK_ALIKES = frozenset("ÐðƉɖ")


def identity_key(text: str) -> str:
    """What a document's id, number or title is compared by, so that no look-alike passes for another one: NFKC,
    invisible characters dropped, diacritics folded, letters of other scripts that look Latin read as the Latin
    letter (Unicode's confusables: Cyrillic "А", Greek "Ο"), case folded, letters and digits only.
    "LUAT-TDKT-2022", "06/2022/QH15\u200b" and "06/2022/QН15" (a Cyrillic Н) meet their originals."""
    text = fold(clean(unicodedata.normalize("NFKC", text)))
    return re.sub(r"[^0-9a-z]+", "", "".join(_latin(ch) for ch in text).casefold())


@lru_cache(maxsize=4096)
def _latin(ch: str) -> str:
    if ch.isascii():
        return ch
    if ch in D_LOOK_ALIKES:
        return "d"
    found = confusables.is_confusable(ch, greedy=True, preferred_aliases=["latin"]) or []
    latin = [glyph["c"] for item in found for glyph in item["homoglyphs"] if glyph["c"].isascii()]
    return latin[0] if latin else ch


def day_text(iso: str) -> str:
    """ "2025-07-01" -> "01/07/2025" """
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso)
    return f"{match.group(3)}/{match.group(2)}/{match.group(1)}" if match else iso
