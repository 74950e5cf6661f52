"""Telegram HTML messages: split under the 4,096-character limit at line or sentence boundaries, never
inside a tag or an entity; a tag open at a split is closed and reopened in the next part."""

from __future__ import annotations

import re

LIMIT = 4096
TAG_RE = re.compile(r"<(/?)(b|i|u|s|code|pre|blockquote)>")


def split_html(text: str, limit: int = LIMIT) -> list[str]:
    parts: list[str] = []
    current = ""
    open_tags: list[str] = []
    for piece in _pieces(text, limit - 64):
        reopen = "".join(f"<{tag}>" for tag in open_tags)
        closing = "".join(f"</{tag}>" for tag in reversed(_tags_after(open_tags, piece)))
        if current and len(current) + len(piece) + len(closing) > limit:
            parts.append(current.rstrip("\n") + "".join(f"</{tag}>" for tag in reversed(open_tags)))
            current = reopen
        current += piece
        open_tags = _tags_after(open_tags, piece)
    if current.strip():
        parts.append(current.rstrip("\n"))
    return parts


def _tags_after(open_tags: list[str], piece: str) -> list[str]:
    tags = list(open_tags)
    for closing, name in TAG_RE.findall(piece):
        if closing and name in tags:
            tags.remove(name)
        elif not closing:
            tags.append(name)
    return tags


def _sentences(line: str) -> list[str]:
    """Split after sentence or clause punctuation, but not after an HTML entity such as "&amp;"."""
    cuts = [m.end() for m in re.finditer(r"[.;:!?](?= )", line) if not re.search(r"&#?\w+;$", line[:m.end()])]
    return [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True) if line[a:b]]


def _pieces(text: str, size: int) -> list[str]:
    """Lines (with their newline); a line longer than `size` is cut after sentences, then at spaces, then (a
    word longer than a message: a link, a table row without spaces) anywhere but inside a tag or an entity."""
    pieces: list[str] = []
    for line in text.splitlines(keepends=True):
        if len(line) <= size:
            pieces.append(line)
            continue
        chunk = ""
        for sentence in _sentences(line):
            words = re.split(r"(?<= )", sentence) if len(sentence) > size else [sentence]
            for word in (cut for whole in words for cut in _hard_cut(whole, size)):
                if chunk and len(chunk) + len(word) > size:
                    pieces.append(chunk)
                    chunk = ""
                chunk += word
        if chunk:
            pieces.append(chunk)
    return pieces


def _hard_cut(word: str, size: int) -> list[str]:
    cuts: list[str] = []
    while len(word) > size:
        cut = size
        for opener, closer, longest in (("&", ";", 12), ("<", ">", 16)):
            start = word.rfind(opener, max(0, cut - longest), cut)
            if start > 0 and word.find(closer, start) >= cut:
                cut = start  # the entity or tag would straddle the cut: it goes to the next part whole
        cuts.append(word[:cut])
        word = word[cut:]
    return [*cuts, word]
