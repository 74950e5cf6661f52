"""No Vietnamese phrase list or word regex in the readers: their words are data (knowledge/lexicon), read through
the one matcher (bot/lexicon.py). The walk reads each module's syntax tree and reports every string constant that
is matched against input (a regex, an element of a list, tuple, set or dict, a comparison, a startswith / replace
argument, a constant that looks like a regex) and is Vietnamese: it has a Vietnamese letter, or every word of it is a
syllable of the lexicon's phrases folded ("khong co", "nam hoc"). A label of a taxonomy ("khong", "yes") or an id
("co-so") is a value, not a phrase. Docstrings, comments and the messages a reader raises are allowed."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

from bot.lexicon import Lexicon, _folded, default_lexicon
from ingest.vietnamese import fold, has_diacritics

ROOT = Path(__file__).resolve().parent.parent
# The modules that hold no Vietnamese word of their own: every module of bot/engine and the readers of a history
# and of the wizard's answers.
CHECKED_MODULES = [*(ROOT / "bot" / "nomination" / name for name in ("history.py", "facts.py", "answers.py")),
                   *sorted((ROOT / "bot" / "engine").glob("*.py"))]

REGEX_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
STRING_METHODS = {"startswith", "endswith", "replace", "count", "find", "index", "removeprefix", "removesuffix"}
MESSAGE_CALLS = {"InvalidInput"}
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
ESCAPE_RE = re.compile(r"\\[A-Za-z]")


def _syllables(lexicon: Lexicon) -> tuple[set[str], set[str]]:
    """The folded words of every phrase of the lexicon, and every label."""
    words, labels = set(), set()
    for taxonomy in lexicon.taxonomies.values():
        for label, phrases in taxonomy.labels.items():
            labels.add(label)
            for phrase in phrases:
                # both spellings of i/y ("ky", "ki"): a constant may be written either way
                words.update(re.findall(r"[a-z]+", f"{_folded(phrase)} {fold(phrase).lower()}"))
    return words, labels


def is_vietnamese(text: str, syllables: set[str], labels: set[str]) -> bool:
    """Whether `text` is a Vietnamese word or phrase; a label of `labels` or an id ("co-so") is a value."""
    if has_diacritics(text.replace("–", "").replace("—", "")):
        return True
    if text in labels or ID_RE.fullmatch(text):
        return False
    tokens = re.findall(r"[a-z]+", ESCAPE_RE.sub(" ", text).lower())
    return bool(tokens) and all(token in syllables for token in tokens)


def _looks_like_regex(node: ast.AST) -> bool:
    parts = node.values if isinstance(node, ast.JoinedStr) else [node]
    return any(isinstance(part, ast.Constant) and isinstance(part.value, str)
               and re.search(r"\\[bswdBSWD]|\(\?|\|", part.value) for part in parts)


def _strings(node: ast.AST) -> Iterable[ast.Constant]:
    """The string constants of an expression, the constant parts of its f-strings included (not the arguments of
    calls inside them: words('particles', 'not') names a taxonomy)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        yield from (part for part in node.values if isinstance(part, ast.Constant))
    elif isinstance(node, ast.BinOp):
        yield from _strings(node.left)
        yield from _strings(node.right)
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            yield from _strings(element)
    elif isinstance(node, ast.Dict):
        for element in [*node.keys, *node.values]:
            if element is not None:
                yield from _strings(element)


def _allowed(tree: ast.Module) -> set[int]:
    """ids of the nodes that are docstrings or messages raised to the user."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            allowed.add(id(node.body[0].value))
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                                           and node.func.id in MESSAGE_CALLS):
            allowed.update(id(inner) for inner in ast.walk(node))
    return allowed


def _matched(tree: ast.Module) -> Iterable[tuple[ast.AST, bool]]:
    """The expressions whose strings are matched against input, and whether a label there is a value (a
    comparison, a collection) rather than a phrase (a regex, a startswith)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            yield node, True
        elif isinstance(node, ast.Compare):
            yield from ((side, True) for side in [node.left, *node.comparators])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                node.func.attr in REGEX_FUNCTIONS or node.func.attr in STRING_METHODS):
            yield from ((argument, False) for argument in node.args)
        elif isinstance(node, (ast.Constant, ast.JoinedStr)) and _looks_like_regex(node):
            yield node, False


def phrases_in_code(modules: Iterable[Path], lexicon: Lexicon | None = None) -> list[str]:
    """Each Vietnamese word or phrase the modules match input against, as "path:line: text"."""
    syllables, labels = _syllables(lexicon or default_lexicon())
    found = []
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = _allowed(tree)
        seen: set[int] = set()
        for expression, values in _matched(tree):
            for constant in _strings(expression):
                if id(constant) in allowed or id(constant) in seen:
                    continue
                seen.add(id(constant))
                if is_vietnamese(constant.value, syllables, labels if values else set()):
                    found.append(f"{path.name}:{constant.lineno}: {constant.value!r}")
    return found


def test_the_readers_hold_no_vietnamese_phrase() -> None:
    assert phrases_in_code(CHECKED_MODULES) == []


def test_the_walk_finds_phrase_lists_and_word_regexes(tmp_path: Path) -> None:
    module = tmp_path / "reader.py"
    module.write_text('''"""Đọc lịch sử: a docstring may say anything."""
import re

YES = ("co", "dong y")
HELD = {"đang bị": True}
SCHOOL_RE = re.compile(r"\\bnam hoc (\\d{4})")
FRAGMENT = r"(?:khong|chua)\\s+"
LEVEL = "co-so"


def read(key: str) -> bool:
    if key.startswith("khong "):
        raise ValueError("Hãy trả lời “Có” hoặc “Không”.")
    return key == "xuat sac" or re.search(rf"{FRAGMENT}\\b(?:tot)\\b", key) is not None
''', encoding="utf-8")
    found = phrases_in_code([module])
    said = {line.split(": ", 1)[1] for line in found}
    assert said == {"'co'", "'dong y'", "'đang bị'", "'\\\\bnam hoc (\\\\d{4})'", "'(?:khong|chua)\\\\s+'",
                    "'khong '", "'xuat sac'", "'\\\\b(?:tot)\\\\b'"}, found
