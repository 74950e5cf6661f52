"""Vietnamese legal structure: Phần, Chương, Mục, Điều, khoản, điểm; sections for plans and news.

A legal text becomes one unit per article (Điều); an article longer than the embedding window is
split by khoản, each part keeping the article heading as context. Texts without articles are split
by their headings and paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.units import DocumentMeta, Unit

TokenCounter = Callable[[str], int]

_MD = r"^(?:#{1,6}\s*)"
ARTICLE_MD_RE = re.compile(_MD + r"Điều\s+(\d+[a-z]?)\s*[.:]?\s*(.*)$")
ARTICLE_PLAIN_RE = re.compile(r"^\s*Điều\s+(\d+[a-z]?)\s*[.:]\s*(.*)$")
PART_RE = re.compile(_MD + r"?\[?\s*(Phần\s+(?:thứ\s+\S+|[IVXLC]+)\b.*?)\]?\s*$", re.IGNORECASE)
CHAPTER_RE = re.compile(_MD + r"?\[?\s*(Chương\s+(?:[IVXLC]+|\d+)\b.*?)\]?\s*$")
SECTION_RE = re.compile(_MD + r"?\[?\s*(Mục\s+\d+\b.*?)\]?\s*$")
MD_HEADING_RE = re.compile(r"^(#{2,6})\s+(.+?)\s*$")
ROMAN_HEADING_RE = re.compile(r"^([IVX]{1,5}\.\s+[A-ZĐÀ-Ỹ][^a-zà-ỹ]{3,})$")
# A Markdown thematic break ("---", "* * *"): a separator, no words of the text.
THEMATIC_BREAK_RE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
# "1. …", or "[1.] …" where the corpus's editor restored the number (a khoản of its own, never the next one's).
CLAUSE_RE = re.compile(r"^\[?(\d{1,2})\.\]?\s+\S")
# "a) …", or "[a)] …" where the corpus's editor restored the letter.
POINT_RE = re.compile(r"^\[?([a-zđ])\)\]?\s+\S")

DEFAULT_WINDOW = 480
WHOLE_TEXT = "Toàn văn"  # the heading of a text with no headings of its own


def char_estimate(text: str) -> int:
    """A token estimate when no tokenizer is at hand: Vietnamese runs about 3 characters a token."""
    return len(text) // 3 + 1


@dataclass
class Clause:
    """A khoản or điểm inside an article's text, used to quote the decisive part."""

    clause: str
    point: str
    text: str
    lead: str = ""

    @property
    def label(self) -> str:
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        return " ".join(parts)


def clauses(text: str) -> list[Clause]:
    """Split an article's text into khoản and điểm; each điểm carries its khoản's lead line."""
    found: list[Clause] = []
    clause, lead, preamble = "", "", []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if match := CLAUSE_RE.match(line):
            clause, lead = match.group(1), line
            found.append(Clause(clause, "", line))
        elif (match := POINT_RE.match(line)) and (clause or preamble):
            found.append(Clause(clause, match.group(1), line, lead or " ".join(preamble)))
        elif found:
            found[-1].text += "\n" + line
        else:
            preamble.append(line)
    if preamble:
        found.insert(0, Clause("", "", "\n".join(preamble)))
    return found


@dataclass
class _Block:
    chapter: str
    section: str
    article: str
    title: str
    lines: list[str]
    heading: str = ""


def parse_units(doc: DocumentMeta, body: str, count_tokens: TokenCounter = char_estimate,
                window: int = DEFAULT_WINDOW) -> list[Unit]:
    """Split a document body into citable units."""
    lines = [line for line in body.splitlines() if not THEMATIC_BREAK_RE.match(line)]
    has_md_articles = any(ARTICLE_MD_RE.match(line) for line in lines)
    has_plain_articles = any(ARTICLE_PLAIN_RE.match(line) for line in lines)
    if has_md_articles or has_plain_articles:
        blocks = _legal_blocks(lines, markdown=has_md_articles)
    else:
        blocks = _section_blocks(lines)
    units: list[Unit] = []
    for block in blocks:
        units.extend(_block_units(doc, block, count_tokens, window))
    return _unique_ids(units)


def _legal_blocks(lines: list[str], markdown: bool) -> list[_Block]:
    article_re = ARTICLE_MD_RE if markdown else ARTICLE_PLAIN_RE
    blocks: list[_Block] = []
    chapter = section = ""
    current = _Block("", "", "", "", [], heading="Phần mở đầu")
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("# "):
            continue  # the document's own title line
        if match := article_re.match(stripped):
            blocks.append(current)
            current = _Block(chapter, section, match.group(1), _clean_title(match.group(2)), [])
        elif (match := CHAPTER_RE.match(stripped)) and _is_heading(stripped, markdown):
            blocks.append(current)
            chapter, section = _clean_title(match.group(1)), ""
            current = _Block(chapter, section, "", "", [], heading=chapter)
        elif (match := SECTION_RE.match(stripped)) and _is_heading(stripped, markdown):
            blocks.append(current)
            section = _clean_title(match.group(1))
            current = _Block(chapter, section, "", "", [], heading=section)
        elif (match := PART_RE.match(stripped)) and _is_heading(stripped, markdown):
            blocks.append(current)
            chapter = section = ""
            current = _Block("", "", "", "", [], heading=_clean_title(match.group(1)))
        else:
            current.lines.append(line)
    blocks.append(current)
    return [block for block in blocks if "\n".join(block.lines).strip()]


def _is_heading(line: str, markdown: bool) -> bool:
    """In Markdown only '#' lines are headings; in plain text a short line is."""
    return line.startswith("#") if markdown else len(line) < 200


def _section_blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current = _Block("", "", "", "", [], heading=WHOLE_TEXT)
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("# "):
            continue
        match = MD_HEADING_RE.match(stripped) or ROMAN_HEADING_RE.match(stripped)
        if match:
            blocks.append(current)
            current = _Block("", "", "", "", [], heading=_clean_title(match.groups()[-1]))
        else:
            current.lines.append(line)
    blocks.append(current)
    return [block for block in blocks if "\n".join(block.lines).strip()]


def _clean_title(title: str) -> str:
    return title.strip().strip("[]").strip()


def _block_units(doc: DocumentMeta, block: _Block, count_tokens: TokenCounter, window: int) -> list[Unit]:
    text = "\n".join(block.lines).strip()

    def unit(body: str, clause: str = "", part: int = 0) -> Unit:
        return Unit(doc=doc, text=body, chapter=block.chapter, section=block.section, article=block.article,
                    article_title=block.title, clause=clause, part=part, heading=block.heading)

    whole = unit(text)
    if count_tokens(whole.embed_text) <= window:
        return [whole]
    overhead = count_tokens(whole.embed_text) - count_tokens(text)
    budget = max(window - overhead, 64)
    groups = _clause_groups(text) if block.article else [("", text)]
    units: list[Unit] = []
    for clause, clause_text in groups:
        pieces = _pack(clause_text.splitlines(), count_tokens, budget)
        for index, piece in enumerate(pieces, start=1):
            units.append(unit(piece, clause, index if len(pieces) > 1 else 0))
    return units


def _clause_groups(text: str) -> list[tuple[str, str]]:
    """Group an article's lines by khoản; the lead-in before khoản 1 stays with the first khoản."""
    groups: list[tuple[str, list[str]]] = []
    lead: list[str] = []
    for line in text.splitlines():
        if match := CLAUSE_RE.match(line.strip()):
            groups.append((match.group(1), [*lead, line]))
            lead = []
        elif groups:
            groups[-1][1].append(line)
        else:
            lead.append(line)
    if not groups:
        return [("", text)]
    if lead:
        groups[-1][1].extend(lead)
    return [(clause, "\n".join(body).strip()) for clause, body in groups]


def _pack(lines: list[str], count_tokens: TokenCounter, budget: int) -> list[str]:
    """Greedily pack lines into pieces under the budget; an over-long line is cut at sentence ends."""
    pieces: list[str] = []
    current: list[str] = []
    for line in _fit_lines(lines, count_tokens, budget):
        if current and count_tokens("\n".join([*current, line])) > budget:
            pieces.append("\n".join(current).strip())
            current = []
        current.append(line)
    if current:
        pieces.append("\n".join(current).strip())
    return [piece for piece in pieces if piece]


def _fit_lines(lines: list[str], count_tokens: TokenCounter, budget: int) -> list[str]:
    fitted: list[str] = []
    for line in lines:
        if count_tokens(line) <= budget:
            fitted.append(line)
            continue
        sentence = ""
        for part in re.split(r"(?<=[.;:])\s+", line):
            if sentence and count_tokens(f"{sentence} {part}") > budget:
                fitted.append(sentence)
                sentence = part
            else:
                sentence = f"{sentence} {part}".strip()
        if sentence:
            fitted.append(sentence)
    return fitted


def _unique_ids(units: list[Unit]) -> list[Unit]:
    """A text may repeat article numbers (a decision and the regulation it issues): later ones get a part."""
    seen: set[str] = set()
    for unit in units:
        while unit.unit_id in seen:
            unit.part += 1
        seen.add(unit.unit_id)
    return units
