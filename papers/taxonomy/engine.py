"""The rule engine of the taxonomy: patterns checked and compiled, and RuleSet, which labels
many texts fast. Pure Python, no Django.

Speed: searching every rule's regex in every abstract costs ~6 ms a paper in Python's
`re` (10 minutes for 100,000 papers). A `RuleSet` reads, from the parse tree of each
pattern, the words any match must start with (``\\bdiffusion models?`` -> "diffusion model";
an alternation gives one of several), finds all of them with one scan of the lower-cased
text, and tries a pattern only where its words occur: `match` at that position when every
match begins there, else one `search`. Patterns yielding no such word are searched in every
text. Skipped patterns could not have matched, so results equal plain searching (the tests
check this on the real papers); it takes ~0.16 ms a paper.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

try:  # the regex parser of the standard library, used only to read words out of patterns
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # Python < 3.11
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

FLAGS = re.IGNORECASE
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Probe texts: a usable pattern never matches the empty string, nor an empty stretch of text.
_EMPTY_PROBES = ("", "a b 1 - x. ")


def compile_patterns(patterns: Iterable[str]) -> re.Pattern[str]:
    """Join patterns into one case-insensitive alternation, checking each one first.

    Raises ValueError naming the offending pattern if one is empty, does not compile
    (alone or inside the alternation), can match empty text (it would tag everything), or
    uses a back-reference (its group numbers change once patterns are joined).
    """
    if isinstance(patterns, str):
        raise TypeError("patterns must be an iterable of strings, not one string")
    checked = []
    for pattern in patterns:
        if not isinstance(pattern, str) or not pattern.strip():
            raise ValueError(f"empty pattern {pattern!r}")
        try:
            re.compile(pattern, FLAGS)  # errors with positions in the pattern as written
            alone = re.compile(f"(?:{pattern})", FLAGS)  # e.g. "(?i)x" compiles alone but not joined
        except re.error as exc:
            raise ValueError(f'pattern "{pattern}" does not compile: {exc}') from None
        if alone.fullmatch("") or any((m := alone.search(p)) and m.start() == m.end() for p in _EMPTY_PROBES):
            raise ValueError(f'pattern "{pattern}" matches empty text, so it would label every paper')
        if _has_backreference(pattern):
            raise ValueError(f'pattern "{pattern}" uses a back-reference, which rules do not support')
        checked.append(pattern)
    if not checked:
        raise ValueError("no patterns given")
    joined = "|".join(f"(?:{p})" for p in checked)
    try:
        return re.compile(joined, FLAGS)
    except re.error as exc:  # e.g. a back-reference that means something else once joined
        raise ValueError(f"patterns {checked!r} do not compile together: {exc}") from None


def _has_backreference(pattern: str) -> bool:
    try:
        stack = [_sre_parse.parse(f"(?:{pattern})", FLAGS)]
    except Exception:
        return "(?P=" in pattern or bool(re.search(r"\\[1-9]", pattern))
    while stack:
        item = stack.pop()
        if isinstance(item, _sre_parse.SubPattern):
            stack.extend(item.data)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif str(item).startswith("GROUPREF"):
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _cached(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return compile_patterns(patterns)


def paper_text(title: str, abstract: str) -> str:
    """Title and abstract as one line of text: whitespace runs become single spaces."""
    return " ".join(f"{title or ''}\n{abstract or ''}".split())


# ---------------------------------------------------------------------------------------
# The word gate.
#
# Letters that `re.IGNORECASE` equates with an ASCII letter although str.lower() does not
# map them to it (checked over all of Unicode in the tests): folded first, then lower().
_GATE_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_WORD_CHAR = re.compile(r"\w")


def gate_text(text: str) -> str:
    """The text the gate scans: lower case, with the few letters above folded to ASCII."""
    return text.translate(_GATE_FOLD).lower()


_MAX_PREFIXES = 64


@dataclass(frozen=True)
class Gate:
    """What a pattern needs: one of `words` at a word start (lower case, ASCII).

    With `anchored`, every match of the pattern begins where that word begins, so the
    pattern need only be tried at those places (`regex.match(text, pos)`).
    """

    words: frozenset[str]
    anchored: bool

    def score(self) -> tuple[bool, int, int]:
        return (self.anchored, min(map(len, self.words)), -len(self.words))


def _class_chars(items: list) -> list[str] | None:
    """The characters of a small class made of single characters (``[- ]``, ``[Ss]``), else None."""
    chars = [chr(av) for op, av in items if op is _sre.LITERAL]
    return chars if len(chars) == len(items) and len(chars) <= 8 else None


def _non_word_class(items: list) -> bool:
    """A character class that only holds non-word characters (``\\s``, ``[- ]``)."""
    for op, av in items:
        if op is _sre.LITERAL and not _WORD_CHAR.match(chr(av)):
            continue
        if op is _sre.CATEGORY and av in (_sre.CATEGORY_SPACE, _sre.CATEGORY_NOT_WORD):
            continue
        return False
    return True


def _single_chars(sub: Any) -> list[str] | None:
    """The characters a one-item sequence (a literal or a small class) can consume, else None."""
    if len(sub.data) != 1:
        return None
    op, av = sub.data[0]
    if op is _sre.LITERAL:
        return [chr(av)]
    return _class_chars(av) if op is _sre.IN else None


def _gate(items: Iterable, boundary: bool, at_start: bool, prefix: Gate | None = None) -> tuple[Gate | None, Gate | None]:
    """The best Gate of a parsed sequence (None when no word can be read from it), and its tail.

    `boundary`: a word character read next starts a word. `at_start`: nothing of the match
    is consumed before the sequence. `prefix`: what the text reads from a word start up to
    the sequence, if known. The tail is the same for the end of the sequence.
    """
    best: Gate | None = None
    current = prefix  # the word(s) being read, from their start up to here

    def offer(option: Gate | None) -> None:
        nonlocal best
        if option and all(option.words):
            # "gan" already admits "gans": keep the words no other listed word starts
            words = frozenset(w for w in option.words if not any(w != v and w.startswith(v) for v in option.words))
            option = Gate(words, option.anchored)
            if best is None or option.score() > best.score():
                best = option

    def extend(chars: list[str], keep: bool = False) -> None:
        """The text goes on with one of chars (with keep: or with none of them)."""
        nonlocal current
        if current is None:
            return
        grown = {word + char.lower() for word in current.words for char in chars}
        if not all(char.isascii() for char in chars) or len(grown) + len(current.words) > _MAX_PREFIXES:
            offer(current)
            current = None
        else:
            current = Gate(frozenset(grown | (current.words if keep else set())), current.anchored)

    def close() -> None:
        nonlocal current
        offer(current)
        current = None

    for op, av in items:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            continue  # look-arounds consume nothing
        if op is _sre.AT:
            if current is None:
                boundary = av in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_LINE, _sre.AT_BEGINNING_STRING, _sre.AT_BOUNDARY)
            continue
        if op is _sre.LITERAL:
            char = chr(av)
            is_word = bool(_WORD_CHAR.match(char))
            if current is not None:
                extend([char])
            elif is_word and boundary and char.isascii():
                current = Gate(frozenset({char.lower()}), at_start)
            boundary = not is_word
        elif op is _sre.IN:
            chars = _class_chars(av)
            if current is not None and chars:
                extend(chars)
            elif current is not None:
                close()
            elif chars and boundary and all(c.isascii() and _WORD_CHAR.match(c) for c in chars):
                current = Gate(frozenset(c.lower() for c in chars), at_start)
            boundary = _non_word_class(av)
        elif op in (_sre.SUBPATTERN, getattr(_sre, "ATOMIC_GROUP", None)):
            sub = av[3] if op is _sre.SUBPATTERN else av
            if op is _sre.SUBPATTERN and av[1] & (re.ASCII | getattr(re, "LOCALE", 0)):
                close()  # other word boundaries inside: read nothing
            else:
                offer(current)
                inner, current = _gate(sub.data, boundary, at_start, current)
                offer(inner)
            boundary = False
        elif op is _sre.BRANCH:
            offer(current)
            results = [_gate(sub.data, boundary, at_start, current) for sub in av[1]]
            options, tails = [r[0] for r in results], [r[1] for r in results]
            if all(options):
                offer(Gate(frozenset().union(*(o.words for o in options)), all(o.anchored for o in options)))
            current = None
            if all(tails) and sum(len(t.words) for t in tails) <= _MAX_PREFIXES:  # "(?:on|lifts) MATH"
                current = Gate(frozenset().union(*(t.words for t in tails)), all(t.anchored for t in tails))
            boundary = False
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
            low, high, sub = av
            chars = _single_chars(sub)
            if current is not None and low == 0 and high == 1 and chars:
                extend(chars, keep=True)  # "self-?supervised"
                boundary = False
            else:
                offer(current)
                if low >= 1:
                    offer(_gate(sub.data, boundary, at_start, current)[0])
                current = None
                boundary = low >= 1 and (
                    (chars is not None and not any(_WORD_CHAR.match(c) for c in chars))
                    or (len(sub.data) == 1 and sub.data[0][0] is _sre.IN and _non_word_class(sub.data[0][1]))
                )
        else:  # any other consuming item: its last character may be a letter
            close()
            boundary = False
        at_start = False
    offer(current)
    return best, current


def pattern_gate(pattern: str) -> Gate | None:
    """The Gate of one pattern: ``\\bdiffusion models?`` -> {"diffusion model"}, anchored.

    None when the pattern yields no word (e.g. ``\\d+x faster`` starts inside a word);
    such a pattern is searched in every text.
    """
    try:
        parsed = _sre_parse.parse(f"(?:{pattern})", FLAGS)
        return _gate(parsed.data, True, True)[0]
    except Exception:  # an unfamiliar parse tree only costs speed, never a wrong answer
        return None


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex finding, at each word start, the longest of the words the text there starts with."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return r"\b(?=(" + emit(trie) + "))"


class RuleSet:
    """Rules compiled for labelling many texts.

    Built from (slug, patterns) pairs; `match(text)` gives the slugs of the matching rules
    in the given order, exactly as searching every rule's `compile_patterns` regex would.
    Each pattern is compiled alone and run only where its Gate words occur.
    """

    def __init__(self, rules: Iterable[tuple[str, Iterable[str]]]) -> None:
        slugs: list[str] = []
        owners: list[int] = []  # the rule of each pattern
        regexes: list[re.Pattern[str]] = []
        gates: list[Gate | None] = []
        for slug, patterns in rules:
            patterns = tuple(patterns)
            compile_patterns(patterns)  # the same checks and errors as a rule's own regex
            for pattern in patterns:
                owners.append(len(slugs))
                regexes.append(re.compile(f"(?:{pattern})", FLAGS))
                gates.append(pattern_gate(pattern))
            slugs.append(slug)
        self.slugs = tuple(slugs)
        self._owners, self._regexes = tuple(owners), tuple(regexes)
        self._always = tuple(i for i, gate in enumerate(gates) if gate is None)
        every_word = {word for gate in gates if gate for word in gate.words}
        # At each word start the scan returns the longest listed word found there; the
        # patterns it admits are those listing that word or a listed word it starts with.
        self._tries: dict[str, tuple[int, ...]] = {}
        self._searches: dict[str, tuple[int, ...]] = {}
        for found in every_word:
            admitted = [i for i, gate in enumerate(gates) if gate and any(found.startswith(w) for w in gate.words)]
            self._tries[found] = tuple(i for i in admitted if gates[i].anchored)
            self._searches[found] = tuple(i for i in admitted if not gates[i].anchored)
        self._scanner = re.compile(_trie_pattern(every_word)) if every_word else None

    def __len__(self) -> int:
        return len(self.slugs)

    def match(self, text: str) -> list[str]:
        """Slugs of the rules matching text (whitespace runs count as one space)."""
        return [self.slugs[i] for i in self.match_indices(text)]

    def match_indices(self, text: str) -> list[int]:
        """Positions (in the given rules) of the rules matching text, in order."""
        text = " ".join(text.split())
        owners, regexes = self._owners, self._regexes
        matched: set[int] = set()
        searches = set(self._always)
        if self._scanner is not None:
            for hit in self._scanner.finditer(gate_text(text)):
                found, pos = hit.group(1), hit.start()
                for i in self._tries[found]:
                    if owners[i] not in matched and regexes[i].match(text, pos):
                        matched.add(owners[i])
                searches.update(self._searches[found])
        for i in searches:
            if owners[i] not in matched and regexes[i].search(text):
                matched.add(owners[i])
        return sorted(matched)

    def match_paper(self, title: str, abstract: str) -> list[str]:
        return self.match(paper_text(title, abstract))


def _pattern_list(patterns: str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(patterns, str):  # a text field holding one pattern a line
        return tuple(line.strip() for line in patterns.splitlines() if line.strip())
    return tuple(patterns)


@functools.lru_cache(maxsize=64)
def _rule_set(key: tuple[tuple[str, tuple[str, ...]], ...]) -> RuleSet:
    return RuleSet(key)


def rule_set(rules: Iterable[Any]) -> RuleSet:
    """A cached RuleSet for rule objects with `slug` and `patterns` (strings, or one string with a pattern a line)."""
    return _rule_set(tuple((rule.slug, _pattern_list(rule.patterns)) for rule in rules))


def match_rules(rules: Iterable[Any], text: str) -> list[str]:
    """Slugs of the rules whose patterns match text, in the order of rules.

    A rule is anything with `slug` and `patterns` (an iterable of strings, or one string
    holding one pattern a line, as a database text field would). Compiled rules are cached
    by their slugs and patterns, so rules loaded again from a database compile once.
    """
    return rule_set(rules).match(text)
