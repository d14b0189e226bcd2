"""Undo inline link syntax: what a reader of the page sees, and where it links.

Markdown and the text some tools export write links as `[text](url)`, reference
links as `[text][32]` (a text browser's numbered links), images as `![alt](src)`,
and leave HTML anchors (`<a id="…"></a>`) and image placeholders
(`[图片：无替代文本]`, `[Image: …]`). A paragraph's lines go in; `SourceLine`s come
out with the visible text, the line each starts on and the addresses they link to.

Brackets are matched with a counter and every search is bounded, so a file of deep
or unclosed brackets costs time linear in its size.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .source import SourceLine
from .wrapping import join_wrapped

MAX_LINK_TEXT = 8000  # longer than any abstract written as one link
MAX_CONTINUATION_LINES = 12  # "[" / blank / "6 authors](url)": a link split by blank lines

# Markdown's escapable characters (ASCII punctuation), hidden behind private-use
# characters while links are parsed, so "\[" never opens one.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HIDDEN = re.compile("[\ue021-\ue07e]")
_IMAGE_PLACEHOLDER = re.compile(
    r"\[(?:图片|圖片|图像|圖像|画像|이미지|image|img|photo|picture|figure|bild|imagen|изображение)"
    r"(?:\s*[:：#\-]\s*[^\]\n]{0,100})?\]",
    re.I,
)
_HTML_TAG = re.compile(
    r"<!--.{0,2000}?-->|</?(?:a|abbr|article|aside|b|br|button|code|dd|del|details|div|dl|dt|em|figcaption|figure"
    r"|footer|form|h[1-6]|header|hr|i|iframe|img|input|ins|kbd|label|li|main|mark|nav|ol|p|path|picture|pre"
    r"|section|small|source|span|strong|sub|summary|sup|svg|table|tbody|td|th|thead|time|tr|u|ul|video)"
    r"\b[^<>]{0,500}?/?>",
    re.I | re.S,
)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]{1,2000})>", re.I)
# A link's address written after its text, as a browser's "Save as text" does: "Pixtral 12B <https://…>".
_ADDRESS_AFTER = re.compile(r"(?<=\S)[ \t]+<((?:https?|ftp)://[^\s<>]{1,2000})>", re.I)
_LINK_LABEL = re.compile(r"^(?:link|链接|鏈接|リンク)\s*[:：]\s*", re.I)
_BULLET = re.compile(r"^\s*[-*+•]\s+|^\s*[-*+•]$")
_BULLET_STARTS = frozenset("-*+•")
_BOLD = re.compile(r"(?<![\w*])\*\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*\*(?![\w*])")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,500}?)(?<=[^\s*])\*(?![\w*])"
    r"|(?<![\w_])__?(?=[^\s_])([^_\n]{1,500}?)(?<=[^\s_])__?(?![\w_])"
    r"|`([^`\n]{1,500})`"
)
_LINK_HINT = re.compile(r"\][(\[]")
_ANCHOR_HINT = re.compile(r"</?a[\s>]")
_PLACEHOLDER_HINT = re.compile(r"\[(?:图|圖|[Ii]mage)")


def has_link_syntax(text: str) -> bool:
    """A few scans of a file, each for a pattern that starts with a fixed character."""
    return bool(
        _LINK_HINT.search(text) or "![" in text or _ANCHOR_HINT.search(text) or _PLACEHOLDER_HINT.search(text)
        or " <http" in text
    )


@dataclass
class Options:
    refs: dict[str, str] = field(default_factory=dict)  # reference labels (lower case) to addresses
    markdown: bool = False  # Markdown: escapes, emphasis and entities are undone too
    escaped: bool = False  # the file escapes every punctuation mark a writer must (a converter's output)


def hide_escapes(text: str, *, escaped: bool) -> str:
    """Hide Markdown escapes from link parsing. All of them in a converter's output;
    otherwise only those no LaTeX source writes (abstracts hold "88\\%", "\\&")."""
    if escaped:
        return _ESCAPE.sub(lambda m: chr(0xE000 + ord(m[1])), text)
    return re.sub(r"\\([\[\]*_`#<>])|(?<=\d)\\(\.)", lambda m: chr(0xE000 + ord(m[1] or m[2])), text)


def reveal(text: str) -> str:
    if text.isascii():  # free: nothing hidden
        return text
    return _HIDDEN.sub(lambda m: chr(ord(m[0]) - 0xE000), text)


def link_lines(lines: list[str]) -> list[SourceLine]:
    """Plain text with some link syntax (a plain-text export): links undone, nothing else."""
    return render(list(enumerate(lines, start=1)), Options())


def render(numbered: list[tuple[int, str]], options: Options, *, heading_at: dict[int, int] | None = None) -> list[SourceLine]:
    """Numbered lines (blank ones separate paragraphs) to SourceLines; a paragraph whose
    first line number is in `heading_at` is a heading of the level it maps to."""
    heading_at = heading_at or {}
    out: list[SourceLine] = []
    for paragraph in _paragraphs(numbered):
        lines = _paragraph(paragraph, options)
        level = heading_at.get(paragraph[0][0])
        if level:
            lines = [SourceLine(ln.number, ln.text, ln.links, heading=level) for ln in lines]
        out.extend(lines)
        out.append(SourceLine(paragraph[-1][0] + 1, ""))
    return out


def _paragraphs(numbered: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines; a run ending inside an opened link ("[" alone, "[Upvote")
    takes the runs after it, blank lines and all, up to where that link closes."""
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, text in numbered:
        if text.strip():
            current.append((number, text))
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    merged: list[list[tuple[int, str]]] = []
    at = 0
    while at < len(runs):
        run = runs[at]
        at += 1
        opens = run[-1][1].lstrip().startswith(("[", "!["))
        depth = _depth(run) if opens else 0
        while depth > 0 and run[-1][1].lstrip().startswith(("[", "![")):  # a link opened on the last line
            closing = _closing_run(runs, at, depth)
            if closing is None:
                break
            for taken in runs[at : closing + 1]:
                run.extend(taken)
                depth = _depth(taken, depth)
            at = closing + 1
        merged.append(run)
    return merged


def _depth(run: list[tuple[int, str]], depth: int = 0) -> int:
    for _, text in run:
        depth += text.count("[") - text.count("\\[") - text.count("]") + text.count("\\]")
    return depth


def _closing_run(runs: list[list[tuple[int, str]]], at: int, depth: int) -> int | None:
    """The run, from runs[at] on, where a link left open closes as a link ("](" or "]["),
    within MAX_CONTINUATION_LINES lines."""
    seen = 0
    for index in range(at, len(runs)):
        for _, text in runs[index]:
            seen += 1
            if seen > MAX_CONTINUATION_LINES:
                return None
            depth = _depth([(0, text)], depth)
            if depth <= 0:
                return index if ("](" in text or "][" in text) else None
    return None


def _paragraph(paragraph: list[tuple[int, str]], options: Options) -> list[SourceLine]:
    addresses: dict[int, list[str]] = {}  # line number: the addresses written after a text on it
    if any(" <" in t for _, t in paragraph):
        paragraph = [(n, _addresses_after(n, t, addresses)) for n, t in paragraph]
    text = "\n".join(t for _, t in paragraph)
    if options.markdown and "\\" in text:
        text = hide_escapes(text, escaped=options.escaped)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", _HTML_TAG.sub("", text))
    whole = _WHOLE_LINK.match(text) if len(paragraph) == 1 and text.startswith("[") else None
    if whole:  # a paragraph that is one link with plain text, as most lines of a Markdown copy are
        line = _finish(_visible_link_text([whole[1]]), options)
        links = ((reveal(whole[2] or whole[3] or ""),) if whole[2] or whole[3] else ()) + tuple(
            addresses.get(paragraph[0][0], ())
        )
        return [SourceLine(paragraph[0][0], line, links)] if line or links else []
    out = _Builder([n for n, _ in paragraph])
    if "[" in text:
        _Inline(text, options).copy(0, len(text), out)
    else:
        out.text(text)
    lines = []
    for number, parts, links in out.lines:
        line = _finish("".join(parts), options)
        links = links + addresses.pop(number, [])
        if line or links:
            lines.append(SourceLine(number, line, tuple(links)))
    if addresses and lines:  # addresses on lines a link spanning several lines took in
        rest = tuple(url for urls in addresses.values() for url in urls)
        lines[-1] = lines[-1]._replace(links=lines[-1].links + rest)
    return lines


def _addresses_after(number: int, text: str, found: dict[int, list[str]]) -> str:
    """The text of a line without the addresses written after its words, kept in `found`."""
    if "<" not in text:
        return text
    urls = [m[1] for m in _ADDRESS_AFTER.finditer(text)]
    if not urls:
        return text
    found.setdefault(number, []).extend(urls)
    return _ADDRESS_AFTER.sub("", text)


class _Builder:
    """Output lines of a paragraph: source line breaks outside links start a new one."""

    def __init__(self, numbers: list[int]):
        self.numbers = numbers
        self.source_line = 0
        self.lines: list[tuple[int, list[str], list[str]]] = [(numbers[0], [], [])]

    def text(self, text: str) -> None:
        first, *rest = text.split("\n")
        self.lines[-1][1].append(first)
        for part in rest:
            self.source_line += 1
            self.lines.append((self.numbers[min(self.source_line, len(self.numbers) - 1)], [part], []))

    def link(self, text: str, url: str | None, source_lines: int) -> None:
        self.lines[-1][1].append(text)
        if url:
            self.lines[-1][2].append(url)
        self.source_line += source_lines  # the link's own line breaks start no new line


# An inline link's destination and optional title: (url), (<url>), (url "title").
_DESTINATION = re.compile(
    r"\(\s*(?:<([^<>\n]{0,2000})>|((?:[^\s()\[\]<>]|\([^\s()\[\]<>]{0,200}\)){0,2000}))"
    r"(?:\s+(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'))?\s*\)"
)
_REFERENCE = re.compile(r"\[([^\[\]\n]{0,100})\]")
_ATTRIBUTES = re.compile(r"\{(?:[.#-]|\w[\w-]*=)[^{}\n]{0,300}\}")  # pandoc's {.class #id key=value}
# A line that is one inline link, its text without brackets or line breaks: [text](url).
_WHOLE_LINK = re.compile(r"\[([^\[\]\n]{0,8000})\]\((?:<([^<>\n]{0,2000})>|([^\s()\[\]<>]{0,2000}))\)$")


class _Inline:
    """One paragraph's text, its brackets matched once (a stack, in linear time)."""

    def __init__(self, text: str, options: Options):
        self.text = text
        self.options = options
        self.pairs: dict[int, int] = {}
        stack: list[int] = []
        for match in re.finditer(r"[\[\]]", text):
            if match[0] == "[":
                stack.append(match.start())
            elif stack:
                self.pairs[stack.pop()] = match.start()

    def copy(self, start: int, end: int, out: _Builder) -> None:
        """Copy text[start:end] to out, undoing links, images and placeholders."""
        text = self.text
        at = start
        while at < end:
            bracket = text.find("[", at, end)
            if bracket < 0:
                out.text(text[at:end])
                return
            image = bracket > at and text[bracket - 1] == "!"
            out.text(text[at : bracket - 1 if image else bracket])
            link = self._link_at(bracket, end)
            if link is None:
                placeholder = _IMAGE_PLACEHOLDER.match(text, bracket, end)
                if placeholder:
                    out.link("", None, text.count("\n", bracket, placeholder.end()))
                    at = placeholder.end()
                    continue
                out.text("![" if image else "[")
                at = bracket + 1
                continue
            close, url, after = link
            breaks = text.count("\n", bracket, after)
            # An image shows nothing a title or an abstract holds, and links nowhere that matters.
            if image:
                out.link("", None, breaks)
            else:
                out.link(self._link_text(bracket + 1, close), url, breaks)
            at = after

    def _link_at(self, bracket: int, end: int) -> tuple[int, str | None, int] | None:
        """(the closing bracket, the address, the link's end) of a link at text[bracket]."""
        text = self.text
        close = self.pairs.get(bracket, -1)
        if close < 0 or close >= end or close - bracket > MAX_LINK_TEXT:
            return None
        after = close + 1
        if text.startswith("(", after):
            match = _DESTINATION.match(text, after, end)
            if match is None:
                return None
            stop = match.end()
            if text.startswith("{", stop) and (attributes := _ATTRIBUTES.match(text, stop, end)):
                stop = attributes.end()  # pandoc's [text](url){.class}
            return close, reveal(match[1] or match[2] or "") or None, stop
        if text.startswith("{", after) and (attributes := _ATTRIBUTES.match(text, after, end)):
            return close, None, attributes.end()  # a pandoc span: [May 28]{.font-semibold}
        refs = self.options.refs
        if text.startswith("[", after):
            match = _REFERENCE.match(text, after, end)
            if match is None:
                return None
            label = match[1].strip().lower() or text[bracket + 1 : close].strip().lower()
            if label.isdigit() or label in refs:
                return close, refs.get(label), match.end()
            return None
        label = text[bracket + 1 : close].strip().lower()
        if self.options.markdown and label in refs and not label.isdigit():
            return close, refs[label], after  # a shortcut reference: [text] defined below
        return None

    def _link_text(self, start: int, end: int) -> str:
        """A link's visible text on one line: images, bullets and a "LINK:" label dropped."""
        inner = _Builder(list(range(self.text.count("\n", start, end) + 1)))
        self.copy(start, end, inner)
        return _visible_link_text(["".join(parts) for _, parts, _ in inner.lines])


def _visible_link_text(lines: list[str]) -> str:
    """A link's text on one line, without bullets ("- 3 authors") or a tool's "LINK:" label."""
    lines = [_BULLET.sub("", line) if line.lstrip()[:1] in _BULLET_STARTS else line for line in lines]
    text = join_wrapped(lines, view=reveal)
    return _LINK_LABEL.sub("", text) if ":" in text[:8] or "：" in text[:8] else text


def _finish(text: str, options: Options) -> str:
    """The visible text of a line: emphasis and entities undone, escapes revealed."""
    # Emphasis only where the writer escaped literal marks: raw abstracts hold
    # "**C**hinese ... **CII-Bench**", which a text browser passes on as it is.
    if options.escaped and ("*" in text or "_" in text or "`" in text):
        text = _EMPHASIS.sub(lambda m: m[1] or m[2] or m[3] or "", _BOLD.sub(r"\1", text))
    if options.markdown:
        if "&" in text:
            text = html.unescape(text)
    return reveal(text).strip()
