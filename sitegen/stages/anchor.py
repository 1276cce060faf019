"""Quotes to places: each passage's TextQuoteSelector found in its source's folded text.

Pure: (SourceText, Selector) gives a Span, or a problem that says what was found instead:
the count and the shortest prefix or suffix that picks each occurrence, or the closest
passage with its line. The exact search is the fast path; the fuzzy one runs only on a miss.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..model import Selector, Span
from .text import BLOCK_SEPARATOR, SourceText, fold_quote

MAX_PROPOSALS = 5
WORD_STARTS = re.compile(r"(?<=\s)\S|^\S")


@dataclass(frozen=True)
class Miss:
    """Why a selector found nothing or too much, in words an editor can act on."""

    message: str
    proposal: str = ""  # the closest passage's text, when the quote was not found
    line: int = 0
    code: str = ""


def yaml_string(text: str) -> str:
    """A YAML scalar that reads back as `text` (JSON strings are YAML strings)."""
    return json.dumps(text, ensure_ascii=False)


def occurrences(haystack: str, needle: str) -> list[int]:
    found, i = [], haystack.find(needle)
    while i >= 0:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def _before(folded: str, i: int) -> str:
    start = folded.rfind(BLOCK_SEPARATOR, 0, i) + 1
    return folded[start:i]


def _after(folded: str, j: int) -> str:
    end = folded.find(BLOCK_SEPARATOR, j)
    return folded[j:] if end < 0 else folded[j:end]


def _has_prefix(folded: str, i: int, prefix: str) -> bool:
    return _before(folded, i).rstrip().endswith(prefix)


def _has_suffix(folded: str, j: int, suffix: str) -> bool:
    return _after(folded, j).lstrip().startswith(suffix)


def shortest_disambiguator(folded: str, found: list[int], k: int, length: int) -> str:
    """The shortest 'prefix: …' or 'suffix: …' (growing word by word) that picks found[k]."""
    i = found[k]
    before, after = _before(folded, i).rstrip(), _after(folded, i + length).lstrip()
    prefixes = (before[m.start():] for m in reversed(list(WORD_STARTS.finditer(before))))
    suffixes = (after[:m.end()] for m in re.finditer(r"\S+", after))
    candidates = []
    for key, grown, fits in (("prefix", prefixes, lambda j, p: _has_prefix(folded, j, p)),
                             ("suffix", suffixes, lambda j, s: _has_suffix(folded, j + length, s))):
        for text in grown:
            if any(c.isalnum() for c in text) and sum(fits(j, text) for j in found) == 1:
                candidates.append((key, text))
                break
    if not candidates:
        return f"occurrence: {k + 1}"
    key, value = min(candidates, key=lambda c: len(c[1]))
    return f"{key}: {yaml_string(value)}"


def closest_passages(text: SourceText, quote: str, n: int = 1) -> list[tuple[str, int, float]]:
    """The `n` passages of `text` (at most one per paragraph) most like `quote`, best first:
    (their visible words, their line, score 0–100). Case is ignored in the comparison."""
    folded = text.folded.text
    lowered = folded.lower() if len(folded.lower()) == len(folded) else folded
    scored = []
    start = 0
    for block in lowered.split(BLOCK_SEPARATOR):
        if block:
            a = fuzz.partial_ratio_alignment(quote.lower(), block)
            if a and a.score:
                scored.append((a.score, start + a.dest_start, start + a.dest_end))
        start += len(block) + 1
    scored.sort(key=lambda s: -s[0])
    return [_widened(text, i, j) + (score,) for score, i, j in scored[:n]]


def _widened(text: SourceText, i: int, j: int) -> tuple[str, int]:
    """The visible words of folded range [i, j), trimmed of space and widened to whole words."""
    folded = text.folded.text
    while i < j and folded[i].isspace():
        i += 1
    while j > i and folded[j - 1].isspace():
        j -= 1
    while i > 0 and folded[i - 1].isalnum():
        i -= 1
    while j < len(folded) and folded[j].isalnum():
        j += 1
    a, b = text.folded.span_to_original(i, j)
    return text.visible[a:b], text.line_of(a)


def closest(text: SourceText, quote: str) -> tuple[str, int, float]:
    """The passage of `text` most like `quote`: (its visible words, its line, score 0–100)."""
    found = closest_passages(text, quote, 1)
    return found[0] if found else ("", 0, 0.0)


def disambiguations(text: SourceText, quote: str) -> list[tuple[int, str]]:
    """For each occurrence of `quote`: its line and the shortest YAML line that picks it."""
    folded, quote = text.folded.text, fold_quote(quote)
    found = occurrences(folded, quote)
    return [(text.line_of(text.folded.to_original(i)),
             shortest_disambiguator(folded, found, k, len(quote))) for k, i in enumerate(found)]


def find(text: SourceText, selector: Selector) -> Span | Miss:
    quote = fold_quote(selector.quote)
    folded = text.folded.text
    found = occurrences(folded, quote) if quote else []
    picked = found
    if selector.prefix:
        prefix = fold_quote(selector.prefix)
        picked = [i for i in picked if _has_prefix(folded, i, prefix)]
    if selector.suffix:
        suffix = fold_quote(selector.suffix)
        picked = [i for i in picked if _has_suffix(folded, i + len(quote), suffix)]
    if not found:
        return _not_found(text, quote)
    if not picked:
        given = " and ".join(f"{k} {yaml_string(v)}" for k, v in
                             (("prefix", selector.prefix), ("suffix", selector.suffix)) if v)
        fixes = "; ".join(f"line {text.line_of(text.folded.to_original(i))}: "
                          f"{shortest_disambiguator(folded, found, k, len(quote))}"
                          for k, i in enumerate(found[:MAX_PROPOSALS]))
        return Miss(f"quote found {_times(len(found))} in {text.source}, but never with {given}: "
                    f"the text around it may have changed; use {fixes}")
    if selector.occurrence:
        if selector.occurrence > len(picked):
            return Miss(f"occurrence {selector.occurrence} asked, but the quote occurs only "
                        f"{_times(len(picked))} in {text.source}")
        picked = [picked[selector.occurrence - 1]]
    if len(picked) > 1:
        lines = [text.line_of(text.folded.to_original(i)) for i in picked]
        fixes = "; ".join(f"line {line}: {shortest_disambiguator(folded, picked, k, len(quote))}"
                          for k, line in enumerate(lines[:MAX_PROPOSALS]))
        return Miss(f"quote is ambiguous: it occurs {_times(len(picked))} in {text.source}; to pick "
                    f"one, add the prefix or suffix of the one you mean ({fixes})")
    start, end = text.folded.span_to_original(picked[0], picked[0] + len(quote))
    return Span(text.source, start, end)


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _not_found(text: SourceText, quote: str) -> Miss:
    if not quote:
        return Miss("quote is empty: copy the words of the passage from the text")
    joined = text.folded.text.replace(BLOCK_SEPARATOR, " ")
    i = joined.find(quote)
    if i >= 0:
        first, last = (text.line_of(text.folded.to_original(x)) for x in (i, i + len(quote) - 1))
        return Miss(f"quote crosses a paragraph boundary (lines {first} to {last} of "
                    f"{text.source}): a passage lies within one paragraph; split it into two "
                    "passages or shorten it")
    passage, line, score = closest(text, quote)
    if score < 50:
        return Miss(f"quote not found in {text.source}, and no passage is close to it: "
                    "check that the passage is in this source")
    return Miss(f"quote not found in {text.source}; the closest passage is at line {line} "
                f"({score:.0f}% alike): {yaml_string(passage)}", passage, line, "quote-not-found")


@dataclass(frozen=True)
class QuoteResult:
    """What `sitegen quote` found: a YAML passage to paste, or the closest passages."""

    found: bool
    yaml: str  # the passage(s), ready to paste
    closest: tuple[tuple[str, int, float], ...] = ()  # (words, line, score) when not found


def quote_passage(text: SourceText, source_id: str, words: str) -> QuoteResult:
    """The passage for `words` in a source, as anchoring would find it."""
    head = f"- source: {source_id}\n  quote: {yaml_string(' '.join(words.split()))}\n"
    result = find(text, Selector(words))
    if not isinstance(result, Miss):
        return QuoteResult(True, head)
    choices = disambiguations(text, words)
    if len(choices) > 1:
        blocks = [f"# line {line}\n{head}  {pick}\n" for line, pick in choices]
        return QuoteResult(True, "\n".join(blocks))
    return QuoteResult(False, "", tuple(closest_passages(text, words, 3)))
