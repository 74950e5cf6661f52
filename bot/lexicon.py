"""The vocabulary of the domain as data, matched by one matcher.

Each file of knowledge/lexicon (but examples.yaml) is a taxonomy: labels, each with the phrases that say it.
A phrase is matched as whole words with or without diacritics: typed without them it matches folded ("muc
thuong"); typed with them its own tones must be there, wherever the tone mark sits ("Hằng năm định kỳ" does not
say "Nam Định", "Hoá" is "Hóa"). Several spaces or a line break between words still match. No reader holds a
Vietnamese phrase of its own: they ask the lexicon.

Keys that are not labels (`weight`) never match: a label's phrases may be a list or {phrases, weight}. A phrase may
hold "…", standing for one to GAP_WORDS words of the asker's own ("cần … gì" says "cần những thành tích gì").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.legal_refs import document_spans
from ingest.vietnamese import clean, fold, has_diacritics, nfc, spelled

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "knowledge" / "lexicon"
NOT_TAXONOMIES = ("examples",)
GAP = "…"  # in a phrase: one to GAP_WORDS words of any kind
GAP_WORDS = 3


def _form_pattern(form: str) -> str:
    """A folded phrase as a regex: its words joined by any run of spaces, a GAP as one to GAP_WORDS words, which a
    dash may join ("công chức Tư pháp - Hộ tịch phường": the titles of a commune's civil servants)."""
    return r"\s+".join(rf"\w+(?:(?:\s+|\s*[-–]\s*)\w+){{0,{GAP_WORDS - 1}}}" if word == GAP else re.escape(word)
                       for word in form.split())


@dataclass(frozen=True)
class Found:
    """A phrase of a taxonomy found in a text: its label, the phrase as written in the data, and the span of
    the text it covers (offsets into the cleaned text)."""

    label: str
    phrase: str
    start: int
    end: int
    text: str


def without_spans(text: str, found: list, fill: str = "") -> str:
    """`text` (cleaned) without the spans found in it (anything with offsets `start`, `end` into its cleaned form;
    overlapping ones once), each replaced by `fill`, spaces collapsed."""
    cleaned, pieces, end = clean(text), [], 0
    for span in sorted(found, key=lambda f: f.start):
        if span.start >= end:
            pieces += [cleaned[end:span.start], fill]
            end = span.end
    return " ".join(("".join(pieces) + cleaned[end:]).split())


def _folded(text: str) -> str:
    """Folded, lower-case, one spelling of i/y ("sỹ" is "sĩ"): letter for letter the same length as the NFC text."""
    return spelled(fold(text).lower())


def syllables(text: str) -> list[tuple[str, str]]:
    """Each syllable as its letters and its tone, wherever the tone mark sits ("Hoá" is "Hóa"); one spelling of i/y
    ("sỹ" is "sĩ"), as `_folded` reads it."""
    result = []
    for word in re.findall(r"\w+", text.lower()):
        decomposed = unicodedata.normalize("NFD", word)
        letters = nfc("".join(c for c in decomposed if c not in TONE_MARKS))
        result.append((spelled(letters), "".join(c for c in decomposed if c in TONE_MARKS)))
    return result


class Taxonomy:
    """The labels of one kind of word and one pattern over all their phrases, longest first."""

    def __init__(self, name: str, labels: dict[str, list[str] | dict], tone_slips: bool = False) -> None:
        """`labels`: each label's phrases, or {phrases: [...], weight: w} where what a phrase is evidence of
        counts for more or less than its words (bot/engine/kinds.py). With `tone_slips`, a third of a phrase's
        syllables may be typed with another tone or without diacritics (a slip in a long name such as "chiến sỉ
        thi đua cơ sỡ"), not a short phrase's ("Nam Định")."""
        self.name = name
        self.tone_slips = tone_slips
        self.weights = {str(label): float(value.get("weight", 1.0)) if isinstance(value, dict) else 1.0
                        for label, value in labels.items()}
        self.labels = {str(label): [nfc(str(p)).strip() for p in (value.get("phrases", []) if isinstance(value, dict)
                                                                   else value) if str(p).strip()]
                       for label, value in labels.items()}
        by_form: dict[str, list[tuple[str, str]]] = {}
        for label, phrases in self.labels.items():
            for phrase in phrases:
                by_form.setdefault(_folded(phrase), []).append((label, phrase))
        self._by_form = by_form
        forms = sorted(by_form, key=len, reverse=True)
        # a phrase with a gap: its own pattern, to tell which one a match is
        self._gapped = [(re.compile(_form_pattern(form)), form) for form in forms if GAP in form.split()]
        alternatives = "|".join(_form_pattern(form) for form in forms)
        # a phrase glued to a word by "/" or "-" is part of a code ("298/KH-UBND"), not the phrase
        self._pattern = re.compile(rf"(?<![\w/-])(?:{alternatives})(?!\w)(?![/-]\w)") if forms else None

    def find(self, text: str) -> list[Found]:
        if self._pattern is None:
            return []
        folded = _folded(text)
        same_length = len(folded) == len(text)
        found = []
        for match in self._pattern.finditer(folded):
            form = " ".join(match.group(0).split())
            written = text[match.start():match.end()] if same_length else ""
            gapped = form not in self._by_form
            if gapped:
                form = next((own for pattern, own in self._gapped if pattern.fullmatch(match.group(0))), "")
            for label, phrase in self._by_form.get(form, []):
                if written and has_diacritics(written) and has_diacritics(phrase) \
                        and not (self._gap_tones_fit(written, phrase) if gapped else self._tones_fit(written, phrase)):
                    continue  # typed with diacritics, the phrase's own tones must be there
                found.append(Found(label, phrase, match.start(), match.end(), written or match.group(0)))
                break
        return found

    def _gap_tones_fit(self, written: str, phrase: str) -> bool:
        """A phrase with a gap: its words before the gap and after it, with their own tones."""
        head, _, tail = phrase.partition(GAP)
        typed = syllables(written)
        before, after = syllables(head), syllables(tail)
        return typed[:len(before)] == before and (not after or typed[-len(after):] == after)

    def _tones_fit(self, written: str, phrase: str) -> bool:
        typed, own = syllables(written), syllables(phrase)
        if not self.tone_slips:
            return typed == own
        # a syllable typed bare ("thi dua") is no slip; one typed with other letters or another tone is
        slips = sum((bool(tone) or letters != fold(letters)) and (letters, tone) != (mine, theirs)
                    for (letters, tone), (mine, theirs) in zip(typed, own, strict=False))
        return len(typed) == len(own) and slips <= len(own) // 3


class Lexicon:
    """Every taxonomy of knowledge/lexicon; `calls` counts the matcher's work (a message is read once)."""

    def __init__(self, taxonomies: dict[str, dict[str, list[str]]]) -> None:
        self.taxonomies = {name: Taxonomy(name, labels) for name, labels in taxonomies.items()}
        self.calls = 0
        self._lock = threading.Lock()
        self._parts: dict[tuple[str, tuple[str, ...]], Taxonomy] = {}

    @classmethod
    def load(cls, folder: Path) -> Lexicon:
        taxonomies = {}
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            if path.stem not in NOT_TAXONOMIES:
                taxonomies[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(taxonomies)

    def find(self, text: str, taxonomy: str, labels: tuple[str, ...] = ()) -> list[Found]:
        """The phrases of `taxonomy` (of `labels` only, when given: a phrase two labels share is found for each)
        in `text`, left to right, the longest where two start together."""
        with self._lock:
            self.calls += 1
        held = self._of(taxonomy, labels)
        return held.find(clean(text)) if held else []

    def _of(self, taxonomy: str, labels: tuple[str, ...]) -> Taxonomy | None:
        held = self.taxonomies.get(taxonomy)
        if not labels or held is None:
            return held
        with self._lock:
            if (taxonomy, labels) not in self._parts:
                self._parts[(taxonomy, labels)] = Taxonomy(taxonomy, {label: held.labels.get(label, [])
                                                                      for label in labels})
            return self._parts[(taxonomy, labels)]

    def labels_of(self, taxonomy: str) -> list[str]:
        """The labels of a taxonomy, in the order of its file."""
        held = self.taxonomies.get(taxonomy)
        return list(held.labels) if held else []

    def labels(self, text: str, taxonomy: str) -> list[str]:
        """The labels said in `text`, each once, in the order they are first said."""
        return list(dict.fromkeys(found.label for found in self.find(text, taxonomy)))

    def says(self, text: str, taxonomy: str, label: str) -> bool:
        return bool(self.find(text, taxonomy, (label,)))

    def starts_with(self, text: str, taxonomy: str, label: str) -> bool:
        """Whether `text` opens with a phrase of `label`."""
        stripped = clean(text).lstrip()
        return any(found.start == 0 for found in self.find(stripped, taxonomy, (label,)))

    def covers(self, text: str, taxonomy: str, labels: tuple[str, ...] = ()) -> bool:
        """Whether every word of `text` is inside a phrase of `taxonomy` (of `labels` when given): a text that says
        nothing else ("Chị ơi cho em hỏi với.")."""
        cleaned = clean(text)
        spans = [(found.start, found.end) for found in self.find(cleaned, taxonomy, labels)]
        words = [(m.start(), m.end()) for m in re.finditer(r"\w+", cleaned)]
        return bool(words) and all(any(start <= a and b <= end for start, end in spans) for a, b in words)

    def ends_with(self, text: str, taxonomy: str, label: str, trailing: str = "") -> bool:
        """Whether `text` ends with a phrase of `label`, after which come only phrases of `trailing` and
        punctuation ("… được không ạ?")."""
        cleaned = clean(text)
        end = len(cleaned)
        for found in reversed(self.find(cleaned, taxonomy, (label, trailing) if trailing else (label,))):
            if re.search(r"\w", cleaned[found.end:end]):
                return False
            if found.label == label:
                return True
            end = found.start
        return False

    def rewrite(self, text: str, taxonomy: str) -> str:
        """`text` with each phrase found written as its label (chat spellings as written words: "ko" -> "không"),
        folded where the text has no diacritics, so an unaccented question stays unaccented. A document's name is
        kept as written ("KH 298" is a plan, not "không 298")."""
        text = clean(text)
        plain = not has_diacritics(text)
        source, named = document_spans(text)
        named = named if source is text else []  # offsets into the text itself only
        pieces, end = [], 0
        for found in self.find(text, taxonomy):
            if any(start <= found.start < stop for start, stop in named):
                continue
            pieces += [text[end:found.start], fold(found.label) if plain else found.label]
            end = found.end
        return "".join(pieces) + text[end:]

    def phrases(self, taxonomy: str, label: str) -> list[str]:
        held = self.taxonomies.get(taxonomy)
        return list(held.labels.get(label, [])) if held else []

    def alternation(self, taxonomy: str, *labels: str, folded: bool = True) -> str:
        """A regex alternation (no group) of the phrases of `labels` (every label when none is named), each as
        written and (unless not `folded`: a text always written with diacritics, like the law's) folded, in either
        spelling of i/y, lower-case (match it on lower-case text or with re.IGNORECASE), longest first, its words
        joined by any run of spaces. For a reader whose pattern is structure (years, digits, punctuation) around
        words of the lexicon: the regex is built from the data at load time. Matches nothing when the labels have
        no phrase."""
        held = self.taxonomies.get(taxonomy)
        names = labels or tuple(held.labels) if held else ()
        forms = {form for label in names for phrase in (held.labels.get(label, []) if held else [])
                 for form in ((phrase.lower(), _folded(phrase), fold(phrase).lower()) if folded else (phrase.lower(),))}
        return "|".join(r"\s+".join(re.escape(word) for word in form.split())
                        for form in sorted(forms, key=len, reverse=True)) or "(?!)"

    def weight(self, taxonomy: str, label: str) -> float:
        held = self.taxonomies.get(taxonomy)
        return held.weights.get(label, 1.0) if held else 1.0

    def evidence(self, text: str, taxonomy: str, told: Callable[[Found], bool] | None = None) -> dict[str, float]:
        """Each label's evidence in `text`: the words of the phrases found for it, times its weight; not those
        `told` says the text tells rather than asks (offsets into `clean(text)`)."""
        scores: dict[str, float] = {}
        for found in self.find(text, taxonomy):
            if told is not None and told(found):
                continue
            scores[found.label] = scores.get(found.label, 0.0) + len(found.phrase.split()) * \
                self.weight(taxonomy, found.label)
        return scores


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The project's own lexicon (knowledge/lexicon), for readers that have no settings at hand."""
    return Lexicon.load(DEFAULT_DIR)
