"""Vietnamese text handling for retrieval: normalisation, word segmentation, forms without diacritics."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.vietnamese import WORD_RE, fold, has_diacritics, nfc, spelled

# Words that carry no topic: question words and function words. BM25's idf handles most of them;
# this list matters for measuring how much of a question the knowledge base covers.
STOPWORDS = frozenset(
    """
    ai bao bao_nhiêu bị cho có các cái cần chỉ của cùng đã đang đây để đến đi được gì gồm hay hỏi khi không
    là làm lại mà mấy một này nào nên nếu người những như nhất nơi phải ra rằng rồi sao sẽ tại theo thì thế
    thế_nào trong từ và vào về với vẫn xin ạ ơi nhé nhỉ đó kia hiện_nay hiện bây_giờ gì_đó thông_tin muốn
    biết cho_biết giúp tôi mình em anh chị bạn quy_định quy định điều khoản điểm được_không hay_không
    """.split()
)


STOPWORDS_PLAIN = frozenset(fold(word) for word in STOPWORDS)


@lru_cache(maxsize=4096)
def segment(text: str) -> tuple[str, ...]:
    """pyvi word segmentation, lower-cased: "Chiến sĩ thi đua" -> ("chiến_sĩ", "thi_đua")."""
    from pyvi import ViTokenizer

    words = ViTokenizer.tokenize(nfc(text)).lower().split()
    return tuple(word for word in words if WORD_RE.search(word))


def syllables(text: str, plain: bool = True) -> list[str]:
    """Syllables (without diacritics and in one spelling of i/y when `plain`) plus adjacent pairs, so phrases match
    as phrases."""
    text = nfc(text).lower()
    words = WORD_RE.findall(spelled(fold(text)) if plain else text)
    return words + [f"{a}_{b}" for a, b in itertools.pairwise(words)]


def syllables_plain(text: str) -> list[str]:
    return syllables(text, plain=True)


def phrases(text: str, plain: bool, longest: int = 5) -> set[tuple[str, ...]]:
    """Runs of 2 to `longest` consecutive syllables, to find where a question's phrase occurs verbatim."""
    text = nfc(text).lower()
    words = WORD_RE.findall(spelled(fold(text)) if plain else text)
    return {tuple(words[i:i + n]) for n in range(2, longest + 1) for i in range(len(words) - n + 1)}


def content_terms(text: str) -> list[tuple[str, ...]]:
    """Topic-bearing words of a question, each as its syllables ("kết hôn" -> ("kết", "hôn")); question
    and function words are left out. Without diacritics in the question, the syllables are plain too."""
    plain = not has_diacritics(text)
    stopwords = STOPWORDS_PLAIN if plain else STOPWORDS
    terms = []
    for word in segment(text):
        if word in stopwords:
            continue
        parts = tuple(p for p in (spelled(fold(word)) if plain else word).split("_") if p and not p.isdigit())
        if parts and (len(parts) > 1 or len(parts[0]) > 1):
            terms.append(parts)
    return terms


def term_found(term: tuple[str, ...], vocabulary: set[str]) -> bool:
    """A one-syllable word must appear itself; a longer one as each adjacent pair of its syllables."""
    if len(term) == 1:
        return term[0] in vocabulary
    return all(f"{a}_{b}" in vocabulary for a, b in itertools.pairwise(term))


class Abbreviations:
    """Staff abbreviations, kept as data in knowledge/abbreviations.yaml."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = {nfc(key): nfc(value) for key, value in mapping.items()}
        keys = sorted(self.mapping, key=len, reverse=True)
        variants: dict[str, str] = {}
        for key in keys:
            variants.setdefault(key, key)
            variants.setdefault(fold(key), key)
        self._variants = variants
        alternatives = "|".join(re.escape(variant) for variant in sorted(variants, key=len, reverse=True))
        # Never inside a document number: "152/2025/NĐ-CP", "TT-BNV", "KH-UBND" stay as written.
        self._pattern = re.compile(rf"(?<![\w/-])({alternatives})(?![\w/-])") if alternatives else None
        # Typed without diacritics, lower-case keys of four letters or more ("tt", "kh" stay inside words).
        self._plain = {fold(k).lower(): fold(v).lower() for k, v in self.mapping.items() if len(fold(k)) >= 4}
        plain = "|".join(map(re.escape, sorted(self._plain, key=len, reverse=True)))
        self._plain_pattern = re.compile(rf"(?<![\w/-])({plain})(?![\w/-])") if plain else None

    @classmethod
    def load(cls, path: Path) -> Abbreviations:
        if not path.is_file():
            return cls({})
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")) or {})

    def expand_plain(self, text: str) -> str:
        """In a question typed without diacritics, lower-case abbreviations too ("ubnd xa" -> "uy ban nhan dan
        xa"); only keys of four letters or more, so "tt" or "kh" inside ordinary words stay."""
        if not self._plain_pattern:
            return text
        return self._plain_pattern.sub(lambda m: self._plain[m.group(1)], text)

    def expand(self, text: str) -> str:
        """Write each abbreviation out in full: "CSTĐCS" -> "Chiến sĩ thi đua cơ sở"."""
        if not self._pattern:
            return text
        return self._pattern.sub(lambda m: self.mapping[self._variants[m.group(1)]], text)


class DomainTerms:
    """Words that mark a question as being about emulation and commendation (knowledge/domain_terms.yaml)."""

    def __init__(self, terms: list[str]) -> None:
        plain = sorted({fold(nfc(term)).lower() for term in terms}, key=len, reverse=True)
        alternatives = "|".join(re.escape(term) for term in plain)
        self._pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)") if plain else None

    @classmethod
    def load(cls, path: Path) -> DomainTerms:
        if not path.is_file():
            return cls([])
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")) or [])

    def mentioned(self, text: str) -> bool:
        return bool(self._pattern and self._pattern.search(fold(nfc(text)).lower()))


class Diacritics:
    """A question typed without diacritics, written back with the knowledge base's own words: each run of two or
    three plain syllables takes the commonest form the indexed texts write it in, the longest run first ("hinh thuc
    to chuc thi dua" -> "hình thức tổ chức thi đua"). A syllable the texts never write in such a run stays as typed."""

    RUN = 3

    def __init__(self, texts: list[str]) -> None:
        counts: dict[str, dict[str, int]] = {}
        for text in texts:
            words = [word.lower() for word in WORD_RE.findall(nfc(text))]
            for size in range(2, self.RUN + 1):
                for start in range(len(words) - size + 1):
                    written = " ".join(words[start:start + size])
                    forms = counts.setdefault(fold(written), {})
                    forms[written] = forms.get(written, 0) + 1
        self.forms = {plain: max(forms, key=forms.get) for plain, forms in counts.items()}

    def restore(self, text: str) -> str:
        """`text` with its runs of plain syllables written as the texts write them; a text with diacritics as is."""
        if has_diacritics(text):
            return text
        tokens = re.split(r"(\w+)", text)  # words at odd positions, what stands between at even ones
        words = tokens[1::2]
        out, index = [], 0
        while index < len(words):
            for size in range(min(self.RUN, len(words) - index), 1, -1):
                run = words[index:index + size]
                gaps = tokens[2 * index + 2:2 * (index + size):2]
                if all(not gap.strip() for gap in gaps) and (form := self.forms.get(" ".join(run).lower())):
                    out.append((index, size, form))
                    index += size
                    break
            else:
                out.append((index, 1, words[index]))
                index += 1
        pieces = [tokens[0]]
        for start, size, form in out:
            pieces += [form, tokens[2 * (start + size)] if 2 * (start + size) < len(tokens) else ""]
        return "".join(pieces)
