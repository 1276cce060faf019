"""What the templates show of the model: passages away from their page (with who said
them, and where), word-level differences between two wordings, and the data a source
page's popovers read. Plain values, no HTML beyond what the theme's Markdown renders."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ... import urls
from ...model import Source
from ..validate import SITE_LINK

WORDS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class PassageView:
    """A passage shown away from its page: where it is, who said it, and its context."""

    source: Source
    url: str  # site-relative, with the #fragment of the exact place
    before: str
    text: str
    after: str
    speaker: str
    line: int
    parts: tuple[tuple[str, bool], ...] = ()  # the text in pieces, True where flagged
    mode: str = ""  # what is flagged: "diff", the words that differ; "shared", shared phrases
    counts: tuple[int, int] = (0, 0)  # the words flagged, and all its words
    terms: tuple[tuple[int, int, str], ...] = ()  # the glossary's mentions in `text`

    def pieces(self) -> list[tuple[str, str]]:
        """The text in pieces, each with the id of the term it mentions, or ''."""
        found, at = [], 0
        for start, end, term in self.terms:
            if start > at:
                found.append((self.text[at:start], ""))
            found.append((self.text[start:end], term))
            at = end
        if at < len(self.text) or not found:
            found.append((self.text[at:], ""))
        return found


def view(source: Source, context) -> PassageView:
    """A passage or mention of `source` as the templates show it, from its context
    (facts.Context)."""
    return PassageView(source, f"{urls.source(source.id)}#{context.fragment}", context.before,
                       context.text, context.after, context.speaker, context.line,
                       ((context.text, False),), terms=context.terms)


def _norm(word: str) -> str:
    return re.sub(r"[^\w]", "", word.casefold().replace("’", "'"))


PARAPHRASE = 0.5  # two wordings sharing fewer of their words than this are a paraphrase
PHRASE_WORDS = 3  # the words a run needs to count as a shared phrase in a paraphrase


def word_diff(views: list[PassageView]) -> list[PassageView]:
    """What a reader compares in a same-statement pair: each view's words split into pieces
    by one alignment of its words with the other's (the first view's with the second's,
    every other's with the first's), so that both columns agree. Where most words are the
    same, the pieces that differ are flagged (`mode` "diff"); in a paraphrase, where most
    differ, the phrases the two share are (`mode` "shared")."""
    if len(views) < 2:
        return views
    tokens = [WORDS.findall(v.text) for v in views]
    words = [[_norm(t) for t in found if not t.isspace()] for found in tokens]
    marked = [None] * len(views)
    for i in range(1, len(views)):
        same_first, same_other, ratio = _aligned(words[0], words[i])
        paraphrase = ratio < PARAPHRASE
        flags = [_flags(words[0], same_first, paraphrase), _flags(words[i], same_other, paraphrase)]
        for k, index in ((1, i), (0, 0)) if i == 1 else ((1, i),):
            marked[index] = _pieces(views[index], tokens[index], flags[k],
                                    "shared" if paraphrase else "diff")
    return marked


def _aligned(a: list[str], b: list[str]) -> tuple[list[int], list[int], float]:
    """The matching runs of two word lists, as (start, length) in each, and how alike they
    are (difflib's ratio)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    runs = [m for m in matcher.get_matching_blocks() if m.size]
    return [(m.a, m.size) for m in runs], [(m.b, m.size) for m in runs], matcher.ratio()


def _flags(words: list[str], runs: list[tuple[int, int]], paraphrase: bool) -> list[bool]:
    """For each word: whether it differs (or, in a paraphrase, is part of a shared phrase)."""
    same = [False] * len(words)
    for start, size in runs:
        if not paraphrase or size >= PHRASE_WORDS:
            same[start:start + size] = [True] * size
    return same if paraphrase else [not s for s in same]


def _pieces(view: PassageView, tokens: list[str], flags: list[bool], mode: str) -> PassageView:
    parts: list[tuple[str, bool]] = []
    n = 0
    for token in tokens:
        if token.isspace():  # a space between two flagged words stays with them
            flagged = bool(parts) and parts[-1][1] and n < len(flags) and flags[n]
        else:
            flagged = flags[n]
            n += 1
        if parts and parts[-1][1] == flagged:
            parts[-1] = (parts[-1][0] + token, flagged)
        else:
            parts.append((token, flagged))
    flagged_words = sum(flags)
    return PassageView(**{**view.__dict__, "parts": tuple(parts), "mode": mode,
                          "counts": (flagged_words, len(flags))})


def term_entries(terms, markdown) -> dict:
    """What a preview shows of each of `terms`: its name, its summary (HTML, by `markdown`)
    and its page (site-relative)."""
    return {term.id: {"name": term.name, "summary": markdown(term.summary), "url": urls.term(term.id)}
            for term in terms}


def linked_terms(terms: dict, *texts: str) -> list:
    """The terms of `terms` (by id) that annotation Markdown `texts` link to (`term:` links),
    each once, in the order found."""
    found = dict.fromkeys(target for text in texts for kind, target in SITE_LINK.findall(text)
                          if kind == "term" and target in terms)
    return [terms[t] for t in found]


def preview_data(url: str, terms, markdown) -> dict:
    """The data of a page's previews where they are of terms only (pages other than a
    source's): each linked term's entry (term_entries)."""
    return {"terms": term_entries(terms, markdown), "crossrefs": {}, "sources": {},
            "root": urls.root_of(url)}


def popover_data(source_id: str, terms, crossrefs, markdown) -> dict:
    """What a source page's popovers show: its terms' summaries, and for each cross-reference
    on it the other passages. URLs are site-relative; the script resolves them. `terms`: the
    terms on the page; `crossrefs`: each cross-reference on it with (source, facts.Found) of
    each of its anchored passages."""
    data_terms = term_entries(terms, markdown)
    data_crossrefs = {}
    for x, placed in crossrefs:
        others = []
        for source, found in placed:
            if source.id == source_id:
                continue
            v = view(source, found.short)
            others.append({"title": source.title, "publisher": source.publisher,
                           "origin": source.origin, "date": source.date,
                           "kind": source.kind, "speaker": v.speaker, "before": v.before,
                           "text": v.text, "after": v.after, "url": v.url})
        data_crossrefs[x.id] = {"relation": x.relation.replace("-", " "), "title": x.title,
                                "note": markdown(x.note),
                                "url": urls.crossref(x.id), "passages": others}
    # the titles a "back to" link may name: the sources whose passages lead here
    sources = {source.id: source.title for _, placed in crossrefs for source, _ in placed
               if source.id != source_id}
    return {"terms": data_terms, "crossrefs": data_crossrefs, "sources": sources,
            "root": urls.root_of(urls.source(source_id))}


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Citation:
    """How to cite a page: the citation metadata of its head (name, content: Highwire's
    citation_* tags, read by Zotero and Google Scholar, and Open Graph's), and the
    reference as plain text and as BibTeX. `here` is the page's address: absolute with a
    base URL, else site-relative (the page's script then puts in its real address)."""

    meta: tuple[tuple[str, str], ...]
    plain: str
    bibtex: str
    here: str


def _bib(value: str) -> str:
    """A BibTeX field's value, its special characters escaped."""
    return "".join("\\" + c if c in "{}%&$#_" else c for c in value.replace("\\", "/"))


def _bibtex(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{_bib(value)}}}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}"


def _date_fields(date: str) -> list[tuple[str, str]]:
    year, month = date[:4], date[5:7]
    return [("year", year if year.isdigit() else ""),
            ("month", MONTHS[int(month) - 1] if month.isdigit() and 1 <= int(month) <= 12 else "")]


def source_citation(source: Source, site: dict, url: str) -> Citation:
    """How to cite a source: the text itself, with where it was published and where it is
    read here."""
    here = _address(site, url)
    date = source.date.split("T")[0]
    plain = " ".join(x for x in (
        f"{source.author}." if source.author else "", f"“{source.title}.”",
        f"{source.publisher}," if source.publisher else "", f"{date}." if date else "n.d.",
        source.url, f"Read in {site['title']}: {here}") if x)
    bibtex = _bibtex("misc", source.id, [
        ("author", source.author), ("title", source.title), ("howpublished", source.publisher),
        *_date_fields(date), ("date", date), ("url", source.url),
        ("note", f"Read in {site['title']}: {here}")])
    meta = [("citation_title", source.title), ("citation_author", source.author),
            ("citation_date", date.replace("-", "/")), ("citation_publisher", source.publisher),
            ("citation_public_url", source.url), *_open_graph(site, source.title, here, "article")]
    return Citation(tuple((n, v) for n, v in meta if v), plain, bibtex, here)


def term_citation(term, site: dict, url: str) -> Citation:
    """How to cite a glossary entry of the site."""
    here = _address(site, url)
    plain = f"“{term.name}.” In {site['title']}, glossary. {here}"
    bibtex = _bibtex("misc", f"glossary-{term.id}", [
        ("title", term.name), ("howpublished", f"{site['title']}, glossary"), ("url", here)])
    meta = [("citation_title", term.name), ("citation_publisher", site["title"]),
            *_open_graph(site, term.name, here, "article")]
    return Citation(tuple((n, v) for n, v in meta if v), plain, bibtex, here)


def _address(site: dict, url: str) -> str:
    base = site["base_url"]
    return f"{base.rstrip('/')}/{url}" if base else url


def _open_graph(site: dict, title: str, here: str, kind: str) -> list[tuple[str, str]]:
    absolute = here if site["base_url"] else ""
    return [("og:title", title), ("og:type", kind), ("og:site_name", site["title"]),
            ("og:url", absolute), ("og:description", site["description"])]
