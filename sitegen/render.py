"""Linked corpus to pages: each source's tokens rendered with its marks wrapped in, and
every page of the contract rendered from the theme's Jinja2 templates.

Templates get plain values (the model's dataclasses and the views below) and a `root`
that leads back to the site root, so every link is relative.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markdown_it.token import Token
from markupsafe import Markup

from . import urls
from .config import Config
from .diagnostics import Diagnostic, Location, error
from .link import Links
from .model import Corpus, Mark, Passage, Source, Span
from .text import SourceText, markdown
from .wrap import Wrapper, wrap

SNIPPET = 80  # characters of context on each side of a mention


@dataclass(frozen=True)
class Page:
    url: str  # site-relative, 'glossary/csto/'
    html: str


@dataclass(frozen=True)
class Asset:
    src: Path
    dest: str  # site-relative file path, 'static/style.css'


@dataclass(frozen=True)
class Site:
    pages: tuple[Page, ...]
    assets: tuple[Asset, ...]


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


class Theme:
    """A theme folder: templates/ for Jinja2, static/ copied as is."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder / "templates"),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        )
        self.md = markdown()
        self.md.add_render_rule("sg_html", lambda self_, tokens, idx, options, env: tokens[idx].content)
        self.md.core.ruler.push("site_links", _site_links)
        self.env.filters["markdown"] = self.block
        self.env.filters["markdown_inline"] = self.inline

    @jinja2.pass_context
    def block(self, context, text: str) -> Markup:
        return Markup(self.md.render(text or "", {"root": context.get("root", "")}))

    @jinja2.pass_context
    def inline(self, context, text: str) -> Markup:
        html = self.md.render(text or "", {"root": context.get("root", "")}).strip()
        if html.count("<p>") == 1 and html.startswith("<p>") and html.endswith("</p>"):
            html = html[3:-4]
        return Markup(html)

    def page(self, template: str, url: str, **context) -> Page:
        html = self.env.get_template(template).render(root=urls.root_of(url), url=url,
                                                      urls=urls, **context)
        return Page(url, html)

    def assets(self) -> tuple[Asset, ...]:
        static = self.folder / "static"
        if not static.is_dir():
            return ()
        return tuple(Asset(p, f"static/{p.relative_to(static).as_posix()}")
                     for p in sorted(static.rglob("*")) if p.is_file())


SITE_LINKS = {"term": urls.term, "crossref": urls.crossref, "source": urls.source}


def _site_links(state) -> None:
    """Links between annotations, written `[…](term:csto)`, `(crossref:id)` or
    `(source:id#p-3)`, become relative links from the page being rendered."""
    root = state.env.get("root", "")
    for token in state.tokens:
        for child in token.children or ():
            href = child.attrGet("href") if child.type == "link_open" else None
            scheme, _, rest = (href or "").partition(":")
            if scheme in SITE_LINKS and rest:
                target, _, fragment = rest.partition("#")
                child.attrSet("href", root + SITE_LINKS[scheme](target) +
                              (f"#{fragment}" if fragment else ""))


def _trim(text: str, *, left: bool) -> str:
    """At most SNIPPET characters of context, cut at a word, with an ellipsis where cut."""
    text = " ".join(text.split())
    if len(text) <= SNIPPET:
        return text
    if left:
        cut = text[-SNIPPET:]
        return "…" + cut[cut.find(" ") + 1:] if " " in cut else "…" + cut
    cut = text[:SNIPPET]
    return cut[:cut.rfind(" ")] + "…" if " " in cut else cut + "…"


def passage_view(corpus: Corpus, text: SourceText, span: Span, fragment: str, *,
                 whole: bool = False) -> PassageView:
    block = text.blocks[text.block_at(span.start)]
    before = text.visible[block.start:span.start]
    after = text.visible[span.end:block.end]
    if not whole:
        before, after = _trim(before, left=True), _trim(after, left=False)
    turn = text.turn_at(span.start)
    return PassageView(corpus.sources[span.source], f"{urls.source(span.source)}#{fragment}",
                       before, " ".join(text.visible[span.start:span.end].split()), after,
                       turn.speaker if turn else "", text.line_of(span.start))


def _initial(name: str) -> str:
    """The index letter a term is filed under: its first letter, or 0–9 for a digit."""
    letters = [c for c in name if c.isalnum()]
    return letters[0].upper() if letters and letters[0].isalpha() else "0–9"


class _SourceRenderer:
    """The body of one source page: marks wrapped, notes placed after their paragraphs."""

    def __init__(self, theme: Theme, corpus: Corpus, text: SourceText, marks: tuple[Mark, ...]):
        self.theme, self.corpus, self.text, self.marks = theme, corpus, text, marks
        self.root = urls.root_of(urls.source(text.source))
        note_marks = [m for m in marks if m.kind == "note"]
        self.numbers = {m.ref: n for n, m in enumerate(note_marks, 1)}
        self.notes_after: dict[int, list[Mark]] = defaultdict(list)
        for m in note_marks:
            self.notes_after[text.block_at(m.start)].append(m)

    def wrapper(self, mark: Mark) -> Wrapper:
        c = self.corpus
        if mark.kind == "term":
            return Wrapper("a", {"class": "term", "href": self.root + urls.term(mark.ref),
                                 "data-term": mark.ref, "id": mark.id})
        if mark.kind == "crossref":
            x = c.crossrefs[mark.ref]
            others = ", ".join(c.sources[p.source].title for p in x.passages
                               if p.source != self.text.source and p.source in c.sources)
            link = [Token("sg_open", "a", 1, attrs={
                        "class": "xref-link", "href": self.root + urls.crossref(x.id),
                        "aria-label": f"Compare ({x.relation.replace('-', ' ')}): {others}"}),
                    Token("text", "", 0, content="⇄"), Token("sg_close", "a", -1)]
            return Wrapper("mark", {"class": f"xref xref-{x.relation}", "data-crossref": x.id,
                                    "id": mark.id}, tuple(link))
        if mark.kind == "note":
            note, n = c.notes[mark.ref], self.numbers[mark.ref]
            ref = [Token("sg_open", "sup", 1, attrs={"class": "note-ref"}),
                   Token("sg_open", "a", 1, attrs={"href": f"#note-{note.id}",
                                                   "aria-label": f"Note {n} ({note.kind})"}),
                   Token("text", "", 0, content=str(n)), Token("sg_close", "a", -1),
                   Token("sg_close", "sup", -1)]
            return Wrapper("mark", {"class": f"noted note-{note.kind}", "data-note": note.id,
                                    "id": mark.id}, tuple(ref))
        if mark.kind == "event":
            return Wrapper("span", {"class": "event", "data-event": mark.ref, "id": mark.id})
        return Wrapper("span", {"class": "speaker"})

    def after_block(self, index: int) -> list[Token]:
        marks = self.notes_after.get(index)
        if not marks:
            return []
        template = self.theme.env.get_template("_notes.html")
        html = template.render(root=self.root, notes=[
            (self.numbers[m.ref], self.corpus.notes[m.ref], m.id) for m in marks])
        return [Token("sg_html", "", 0, content=html)]

    def html(self) -> Markup:
        tokens = wrap(self.text, self.marks, self.wrapper, self.after_block)
        return Markup(self.theme.md.renderer.render(tokens, self.theme.md.options, {}))


def render(config: Config, corpus: Corpus, texts: dict[str, SourceText],
           anchors: dict[Passage, Span], links: Links) -> tuple[Site, list[Diagnostic]]:
    theme = Theme(config.theme_dir)
    try:
        return Site(tuple(_pages(theme, config, corpus, texts, anchors, links)), theme.assets()), []
    except jinja2.TemplateSyntaxError as exc:
        path = Path(exc.filename or exc.name or "?")
        rel = path.relative_to(config.root).as_posix() if path.is_absolute() else str(path)
        return Site((), ()), [error(Location(rel, exc.lineno or 1, 1),
                                    f"template syntax error: {exc.message}")]
    except jinja2.TemplateError as exc:
        folder = config.theme_dir.relative_to(config.root).as_posix()
        return Site((), ()), [error(Location(f"{folder}/templates"),
                                    f"template error: {exc.message or exc}")]


def _pages(theme: Theme, config: Config, corpus: Corpus, texts: dict[str, SourceText],
           anchors: dict[Passage, Span], links: Links):
    site = {"title": config.title, "description": config.description, "base_url": config.base_url}
    counts = _counts(corpus, links)

    def view(passage: Passage, whole: bool = False) -> PassageView | None:
        span = anchors.get(passage)
        if span is None:
            return None
        return passage_view(corpus, texts[span.source], span, links.passage_ids[passage],
                            whole=whole)

    sources = sorted(corpus.sources.values(), key=lambda s: (s.date, s.id))
    related: dict[str, list] = defaultdict(list)
    for x in corpus.crossrefs.values():
        for source_id in dict.fromkeys(p.source for p in x.passages):
            related[source_id].append(x)
    yield theme.page("home.html", urls.HOME, site=site, sources=sources, counts=counts,
                     terms=corpus.terms, crossrefs=corpus.crossrefs, events=corpus.events)
    for source in sources:
        text = texts[source.id]
        body = _SourceRenderer(theme, corpus, text, links.marks.get(source.id, ())).html()
        yield theme.page("source.html", urls.source(source.id), site=site, source=source,
                         body=body, crossrefs=related[source.id], count=counts[source.id])
    terms = sorted(corpus.terms.values(), key=lambda t: (t.name.casefold(), t.id))
    letters: dict[str, list] = defaultdict(list)
    for term in terms:
        letters[_initial(term.name)].append(term)
    yield theme.page("glossary.html", urls.GLOSSARY, site=site, letters=dict(letters),
                     mentions={t: len(m) for t, m in links.mentions.items()})
    for term in terms:
        grouped: dict[str, list[PassageView]] = defaultdict(list)
        for m in links.mentions.get(term.id, ()):
            grouped[m.source].append(passage_view(corpus, texts[m.source],
                                                  Span(m.source, m.start, m.end), m.id))
        by_source = [(corpus.sources[s], views) for s, views in
                     sorted(grouped.items(), key=lambda kv: (corpus.sources[kv[0]].date, kv[0]))]
        yield theme.page("term.html", urls.term(term.id), site=site, term=term,
                         see_also=[corpus.terms[t] for t in term.see_also if t in corpus.terms],
                         mentions=by_source)
    crossrefs = sorted(corpus.crossrefs.values(), key=lambda x: x.id)
    yield theme.page("crossrefs.html", urls.CROSSREFS, site=site, crossrefs=crossrefs,
                     sources=corpus.sources)
    for x in crossrefs:
        yield theme.page("crossref.html", urls.crossref(x.id), site=site, crossref=x,
                         passages=[v for p in x.passages if (v := view(p, whole=True))])
    events = sorted(corpus.events.values(), key=lambda e: (e.date, e.id))
    yield theme.page("timeline.html", urls.TIMELINE, site=site, events=[
        (e, [v for p in e.passages if (v := view(p))]) for e in events])


def _counts(corpus: Corpus, links: Links) -> dict[str, dict[str, int]]:
    counts = {s: {"terms": 0, "crossrefs": 0, "notes": 0, "events": 0} for s in corpus.sources}
    plural = {"term": "terms", "crossref": "crossrefs", "note": "notes", "event": "events"}
    for source, marks in links.marks.items():
        for kind in {m.kind for m in marks} & set(plural):
            counts[source][plural[kind]] = len({m.ref for m in marks if m.kind == kind})
    return counts

