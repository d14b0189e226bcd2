"""Author lists between a title and its abstract: "A. Name, B. Name and C. Name".

A block that reads like names right after a title holds that paper's authors; the
test is strict because real titles must never read as names.
"""

from __future__ import annotations

import re

from .wrapping import ends_sentence

# An author's name: capitalised words, initials and the particles of surnames.
_PARTICLES = r"(?:de|da|di|del|der|den|van|von|le|la|du|dos|bin|al)"
_NAME = re.compile(
    rf"^(?:[A-Z\u00c0-\u024f][\w'’.\-]*|{_PARTICLES}|[A-Z]\.)"
    rf"(?:\s+(?:[A-Z\u00c0-\u024f][\w'’.\-]*|{_PARTICLES}|[A-Z]\.))*$"
)
_PARTICLE = re.compile(rf"\b{_PARTICLES}\b")
_NOT_IN_NAMES = re.compile(r"[:?!()\[\]{}]")
_NAME_SEPARATOR = re.compile(r",|;|&|\band\b")
# Footnote marks after a name; the look-behind starts a match only where a run of marks
# starts, so a long run of digits is read once, not once per digit.
_FOOTNOTE_MARKS = re.compile(r"(?<![\d*†‡§¶])[\d*†‡§¶]+(?=[,;&\s]|$)")
# Words of machine-learning titles that are no one's name: "The Good, the Bad, and the
# World Representation", "Diffusion Transformers A Dataset and Large Language Model
# Evaluator" read like names otherwise.
_TITLE_WORDS = frozenset(
    "model models learning language languages dataset datasets data transformer transformers diffusion "
    "network networks neural benchmark benchmarks evaluation evaluator generation generative vision video "
    "image images reasoning agent agents training efficient scaling representation representations world "
    "attention llm llms multimodal reinforcement robot robots robotic graph graphs towards toward via using "
    "with for from the survey system systems framework frameworks".split()  # not "An", "In", "To": surnames
)


def author_names(text: str) -> tuple[str, ...]:
    """The names of an author list of two or more; () for anything else (titles above all).

    A title has a colon or few capitalised comma-separated parts; in the real data no
    title reads as an author list and every list of two or more authors does. A lone
    name cannot be told from a short title.
    """
    if ends_sentence(text) or _NOT_IN_NAMES.search(text):
        return ()
    parts = [p.strip() for p in _NAME_SEPARATOR.split(_FOOTNOTE_MARKS.sub("", text)) if p.strip()]
    if any(word.lower() in _TITLE_WORDS for part in parts for word in part.split() if word[0].isupper()):
        return ()
    names = [p for p in parts if len(p.split()) <= 5 and _NAME.match(p)]
    full = [n for n in names if len(n.split()) >= 2]  # a first name and a surname, mostly
    if len(names) >= 3 and len(names) >= 0.8 * len(parts) and len(full) >= 0.8 * len(names):
        return tuple(parts)
    if len(parts) == 2 and len(names) == 2 and all(2 <= len(_PARTICLE.sub("", n).split()) <= 3 for n in names):
        return tuple(parts)  # "Dan Jacobellis, Neeraja Yadwadkar", "Rian Touchent, Eric de la Clergerie"
    return ()
