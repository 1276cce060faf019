"""Linked corpus to pages: each source's tokens rendered with its marks wrapped in, and
every page of the contract rendered from the theme's Jinja2 templates.

Templates get plain values (the model's dataclasses and the views below) and a `root`
that leads back to the site root, so every link is relative.
"""
from __future__ import annotations

import io
import json
import multiprocessing
import pickle
from collections import defaultdict
from functools import cache
from itertools import chain, islice
from operator import attrgetter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

import jinja2
import jinja2.meta
from markupsafe import Markup, escape

from . import export, urls
from .cache import Cache, digest
from .config import Config
from .diagnostics import Diagnostic, Location, error
from .fragments import KeptFragments
from .link import glossary_digest
from .memo import Memo, cached
from .model import Corpus, CrossRef, Links, Mark, Note, Passage, Source, Span, Term
from .text import SourceText, markdown
from .views import PassageView, passage_view, popover_data, word_diff
from .wrap import Wrapper, opening_tag, wrap

@dataclass(frozen=True)
class Page:
    url: str  # site-relative, 'glossary/csto/'
    html: str
    key: str = ""  # the digest of the HTML, where the build cache keeps it

    def chunks(self) -> tuple[bytes, ...]:
        """The page in UTF-8, in the pieces it is written in."""
        return (self.html.encode(),)


@dataclass(frozen=True)
class LongPage:
    """A page made of many parts (in UTF-8: a str with one character past Latin-1 takes two
    bytes a character), written part by part as they are made, never held whole unless
    its `html` is asked for: the open data, a quarter of a gigabyte at 10,000 sources."""

    url: str
    parts: Callable[[], Iterable[bytes]]  # made again each time they are asked for
    key: str = ""

    @property
    def html(self) -> str:
        return b"".join(self.parts()).decode()

    def chunks(self) -> Iterable[bytes]:
        return self.parts()


class StoredPage:
    """A page the build cache holds (under `key` among its "html" entries), read only if
    its HTML is needed: a site written over its earlier self links such files instead."""

    __slots__ = ("url", "key", "_cache")

    def __init__(self, url: str, key: str, cache: Cache) -> None:
        self.url, self.key, self._cache = url, key, cache

    @property
    def html(self) -> str:
        return self.chunks()[0].decode()

    def chunks(self) -> tuple[bytes, ...]:
        data = self._cache.get("html", self.key)
        if data is None:
            raise OSError(f"the build cache lost the page '{self.url}': build with --no-cache")
        return (data,)


@dataclass(frozen=True)
class SentPage:
    """A page handed to the writer as soon as it was made (see render's `sink`), so that
    its HTML is not held: its URL, and the key of its HTML where the build cache keeps it."""

    url: str
    key: str = ""


@dataclass(frozen=True)
class Asset:
    src: Path
    dest: str  # site-relative file path, 'static/style.css'


@dataclass(frozen=True)
class Site:
    pages: tuple[Page | StoredPage | SentPage, ...]
    assets: tuple[Asset, ...]
    reused: frozenset[str] = frozenset()  # URLs of the pages taken from the build cache


EXTRA_TEMPLATES = {"source.html": {"_note.html"}}  # rendered from code, not referenced


class Theme:
    """A theme folder: templates/ for Jinja2, static/ copied as is."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder / "templates"),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            extensions=[KeptFragments],
        )
        self.md = markdown()
        self._rendered: dict[tuple[str, str], str] = {}
        self.md.core.ruler.push("site_links", _site_links)
        self.highlighted = markdown()  # for guides with code: blocks coloured by Pygments
        self.highlighted.options["highlight"] = _highlight
        self.highlighted.add_render_rule(
            "code_block", lambda self_, tokens, idx, options, env: _highlight(tokens[idx].content, "", ""))
        self.env.filters["markdown"] = self.block
        self.env.filters["markdown_inline"] = self.inline
        self.env.filters["markdown_flow"] = self.flow
        self.env.filters["json_script"] = _json_script

    def _html(self, context, text: str) -> str:
        return self.annotation_html(text, context.get("root", ""))

    def annotation_html(self, text: str, root: str) -> str:
        """Annotation Markdown as HTML, its site links relative to `root` (the page being
        rendered). The same summary shows on many pages: each (text, root) is rendered once."""
        key = (text, root)
        html = self._rendered.get(key)
        if html is None:
            html = self._rendered[key] = self.md.render(text or "", {"root": root}).strip()
        return html

    @jinja2.pass_context
    def block(self, context, text: str) -> Markup:
        return Markup(self._html(context, text))

    @jinja2.pass_context
    def inline(self, context, text: str) -> Markup:
        html = self._html(context, text)
        if html.count("<p>") == 1 and html.startswith("<p>") and html.endswith("</p>"):
            html = html[3:-4]
        return Markup(html)

    @jinja2.pass_context
    def flow(self, context, text: str) -> Markup:
        """Markdown as phrasing content, to sit inside a paragraph: paragraphs become breaks."""
        html = self._html(context, text).removeprefix("<p>").removesuffix("</p>")
        html = html.replace("</p>\n<p>", "<br><br>")
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


def template_closure(env: jinja2.Environment, name: str) -> set[str]:
    """The templates a page template uses, itself included, through extends/include/import."""
    seen, todo = set(), [name, *EXTRA_TEMPLATES.get(name, ())]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source = env.loader.get_source(env, current)[0]
        todo += [t for t in jinja2.meta.find_referenced_templates(env.parse(source)) if t]
    return seen


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


def _highlight(code: str, lang: str, attrs: str) -> str:
    """A fenced code block coloured by Pygments (inline styles: no stylesheet to ship; the
    xcode style, whose every colour keeps 4.5:1 contrast on the light code background)."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(lang) if lang else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    html = highlight(code, lexer, HtmlFormatter(noclasses=True, nowrap=True, style="xcode"))
    # a block that may scroll sideways must be reachable by keyboard
    return f'<pre tabindex="0"><code class="language-{escape(lang or "text")}">{html}</code></pre>\n'


def _json_script(value) -> Markup:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' survive."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _initial(name: str) -> str:
    """The index letter a term is filed under: its first letter, or 0–9 for a digit."""
    letters = [c for c in name if c.isalnum()]
    return letters[0].upper() if letters and letters[0].isalpha() else "0–9"


class _SourceRenderer:
    """The body of one source page: marks wrapped in, each note beside its passage, a
    permalink at the end of each paragraph."""

    def __init__(self, theme: Theme, corpus: Corpus, text: SourceText, marks: tuple[Mark, ...],
                 site: dict):
        self.theme, self.corpus, self.text, self.marks = theme, corpus, text, marks
        self.site = site
        self._wrappers: dict[Mark, Wrapper] = {}
        self.root = urls.root_of(urls.source(text.source))
        self.numbers = {m.ref: n for n, m in enumerate((m for m in marks if m.kind == "note"), 1)}
        seen: set[tuple[int, str]] = set()
        self.first: set[str] = set()  # ids of each term's first mention in its paragraph
        for m in marks:
            if m.kind == "term" and (text.block_at(m.start), m.ref) not in seen:
                seen.add((text.block_at(m.start), m.ref))
                self.first.add(m.id)

    def wrapper(self, mark: Mark) -> Wrapper:
        """How `mark` looks (asked again for each piece of a split mark: made once)."""
        made = self._wrappers.get(mark)
        if made is None:
            made = self._wrappers[mark] = self._wrapper(mark)
        return made

    def _wrapper(self, mark: Mark) -> Wrapper:
        if mark.kind == "term":
            return Wrapper("a", {"class": "term" if mark.id in self.first else "term repeat",
                                 "href": self.root + urls.term(mark.ref), "data-term": mark.ref,
                                 "id": mark.id})
        if mark.kind == "crossref":
            return self._crossref(mark)
        if mark.kind == "note":
            return self._note(mark)
        if mark.kind == "event":
            return Wrapper("span", {"class": "event", "data-event": mark.ref, "id": mark.id})
        return Wrapper("span", {"class": "speaker"})

    def _crossref(self, mark: Mark) -> Wrapper:
        x = self.corpus.crossrefs[mark.ref]
        others = ", ".join(self.corpus.sources[p.source].title for p in x.passages
                           if p.source != self.text.source and p.source in self.corpus.sources)
        link = opening_tag("a", {"class": "xref-link", "href": self.root + urls.crossref(x.id),
                              "data-xref": x.id,
                              "aria-label": f"Compare ({x.relation.replace('-', ' ')}): {others}"})
        return Wrapper("mark", {"class": f"xref xref-{x.relation}", "data-crossref": x.id,
                                "id": mark.id}, f"{link}⇄</a>")

    def _note(self, mark: Mark) -> Wrapper:
        note, n = self.corpus.notes[mark.ref], self.numbers[mark.ref]
        html = self.theme.env.get_template("_note.html").render(
            root=self.root, note=note, number=n, mark_id=mark.id, site=self.site)
        return Wrapper("mark", {"class": f"noted note-{note.kind}", "data-note": note.id,
                                "id": mark.id}, html.strip())

    @staticmethod
    def pilcrow(index: int) -> str:
        n = index + 1
        return f' <a class="pilcrow" href="#p-{n}" aria-label="Link to paragraph {n}">¶</a>'

    def reads(self) -> tuple:
        """All that the body is made of, but the templates: it is the same while these are."""
        c, shown = self.corpus, []
        for m in self.marks:
            if m.kind == "crossref":
                x = c.crossrefs[m.ref]
                shown += [x, *(c.sources.get(p.source) for p in x.passages)]
            elif m.kind == "note":
                shown.append(c.notes[m.ref])
        return (self.text, self.marks, self.site, *shown)

    def html(self) -> Markup:
        return Markup(wrap(self.text, self.marks, self.wrapper, self.pilcrow))

    def notes(self) -> list[tuple[int, Note, str]]:
        """The notes in reading order, for the printed page's footnotes."""
        return [(self.numbers[m.ref], self.corpus.notes[m.ref], m.id)
                for m in self.marks if m.kind == "note"]


_SOURCE = attrgetter("source")


class Job(NamedTuple):
    """A page to render: its template, how to render it (`make(*of)`), and, for the pages
    there are many of, what it shows (`show(*of)`, bytes that change whenever the page may:
    the build cache's key)."""

    template: str
    make: Callable[..., Page]
    of: tuple = ()  # what the page is of: (a source,), (a term,), (a cross-reference,)
    show: Callable[..., bytes] | None = None
    # render with the build cache, which keeps its parts: the page, and whether every part
    # came from there; such a page is made in the building process (see render_jobs)
    with_cache: Callable[[Cache], tuple[Page | LongPage, bool]] | None = None

    def render(self) -> Page:
        return self.make(*self.of)

    def shows(self) -> bytes:
        return self.show(*self.of)


def render(config: Config, corpus: Corpus, texts: dict[str, SourceText],
           anchors: dict[Passage, Span], links: Links, theme: Theme | None = None,
           progress: Callable[[int, int], None] | None = None,
           workers: int = 1, cache: Cache | None = None,
           sink: Callable[[Page | StoredPage], None] | None = None) -> tuple[Site, list[Diagnostic]]:
    """Every page and the theme's assets; with a `cache`, a page that shows what it showed
    in an earlier build is taken from there instead of rendered. With a `sink`, each page
    goes there as soon as it is made, and the site holds only its URL and key."""
    theme = theme or Theme(config.theme_dir)
    pages, problems, reused = render_jobs(
        config, lambda: page_jobs(theme, config, corpus, texts, anchors, links),
        progress=progress, workers=workers, cache=cache, theme=theme, sink=sink)
    return Site(pages, theme.assets() if not problems else (), reused), problems


PARALLEL_FROM = 400  # pages: below this, starting processes costs more than it saves
CHUNK = 50
_forked: list[Callable[[], Page]] = []  # the jobs, as the worker processes inherit them


def _render_chunk(start: int) -> list[tuple[str, str]]:
    return [(page.url, page.html) for page in (job() for job in _forked[start:start + CHUNK])]


def _render_parallel(todo: list[Callable[[], Page]], workers: int):
    """Render on `workers` forked processes, which inherit the jobs (nothing to pickle but
    the HTML coming back); the pages come in order, as they are done."""
    _forked[:] = todo
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for chunk in pool.imap(_render_chunk, range(0, len(todo), CHUNK)):
                for url, html in chunk:
                    yield Page(url, html)
    finally:
        _forked.clear()


def render_jobs(config: Config, jobs: Callable[[], dict[str, Job]],
                only: set[str] | None = None,
                progress: Callable[[int, int], None] | None = None,
                workers: int = 1, cache: Cache | None = None,
                theme: Theme | None = None,
                sink: Callable[[Page | StoredPage], None] | None = None,
                ) -> tuple[tuple[Page | StoredPage | SentPage, ...], list[Diagnostic], frozenset[str]]:
    """Render the pages (those whose URL is in `only`, if given), on `workers` processes
    when there are many; a template's error is a diagnostic at its file and line, not an
    exception. `progress(done, total)` is told as pages are done. With a `cache` (and the
    `theme`), pages come from it where what they show and their templates are unchanged;
    the URLs of those come third. With a `sink`, each page goes there once made (and kept
    in the cache) and is not held."""
    try:
        todo = [(url, job) for url, job in jobs().items() if only is None or url in only]
        keys = _page_keys([job for _, job in todo], cache, theme)
        refs = {key: ref.decode() for key, ref in cache.get_many("page", keys.values()).items()
                } if keys else {}
        held = cache.has_many("html", refs.values()) if refs else set()
        found: dict[int, Page | StoredPage] = {i: StoredPage(todo[i][0], refs[key], cache)
                                               for i, key in keys.items() if refs.get(key) in held}
        reused = set(found)
        # made in this process, not forked ones: the cache is not forked, and the open data is
        # too long to come back from a worker or to be in what the workers inherit
        here = [i for i, (_, job) in enumerate(todo) if job.with_cache and i not in found]
        missing = [i for i in range(len(todo)) if i not in found and not todo[i][1].with_cache]
        renders = [todo[i][1].render for i in missing]
        parallel = workers > 1 and len(missing) >= PARALLEL_FROM
        if parallel:
            made = _render_parallel(renders, workers)
        else:
            made = (render_page() for render_page in renders)
        pages: list = [None] * len(todo)

        caching = cache is not None and cache.enabled

        def done(i: int, page: Page | LongPage | StoredPage) -> None:
            if caching and not page.key:  # kept by its digest, for the next build
                data = b"".join(page.chunks())
                ref = digest(data)
                cache.put("html", ref, data)
                if i in keys and i not in found:
                    cache.put("page", keys[i], ref.encode())
                page = replace(page, key=ref)
            if sink is not None:
                sink(page)
                page = SentPage(page.url, page.key)
            pages[i] = page

        for i, page in found.items():
            done(i, page)
        total = len(missing) + len(here)

        def made_here():
            for i in here:
                page, whole = todo[i][1].with_cache(cache) if caching else (todo[i][1].render(), False)
                if whole:
                    reused.add(i)
                yield page

        rendered, ours = zip(missing, made), zip(here, made_here())
        # on workers, the first page starts them, and this process makes its own meanwhile
        order = chain(islice(rendered, 1), ours, rendered) if parallel else chain(rendered, ours)
        for count, (i, page) in enumerate(order, 1):
            done(i, page)
            if progress and (count % 100 == 0 or count == total):
                progress(count, total)
        return tuple(pages), [], frozenset(todo[i][0] for i in reused)
    except jinja2.TemplateSyntaxError as exc:
        path = Path(exc.filename or exc.name or "?")
        rel = path.relative_to(config.root).as_posix() if path.is_absolute() else str(path)
        return (), [error(Location(rel, exc.lineno or 1, 1),
                          f"template syntax error: {exc.message}")], frozenset()
    except jinja2.TemplateError as exc:
        folder = config.theme_dir.relative_to(config.root).as_posix()
        return (), [error(Location(f"{folder}/templates", 1, 1),
                          f"template error: {exc.message or exc}")], frozenset()


def _page_keys(jobs: list[Job], cache: Cache | None, theme: Theme | None) -> dict[int, str]:
    """The cache key of each job that has one: what the page shows, and its templates."""
    if cache is None or not cache.enabled or theme is None:
        return {}
    templates: dict[str, str] = {}
    keys = {}
    for i, job in enumerate(jobs):
        if job.show is None:
            continue
        if job.template not in templates:
            folder = theme.folder / "templates"
            used = sorted(template_closure(theme.env, job.template)) if job.template else []
            templates[job.template] = digest(*(f"{name}\0{(folder / name).read_text('utf-8')}"
                                               for name in used))
        keys[i] = digest(templates[job.template], job.shows())
    return keys


def page_jobs(theme: Theme, config: Config, corpus: Corpus, texts: dict[str, SourceText],
              anchors: dict[Passage, Span], links: Links,
              bodies: Memo | None = None) -> dict[str, Job]:
    """Every page of the site by URL: its template and a function that renders it. Nothing
    is rendered here, so a rebuild can render just the pages an edit touched. With `bodies`,
    a source page's body is kept while all it is made of is unchanged (for the preview: a
    term's summary, for one, is in the pages it occurs on, but not in their bodies)."""
    site = {"title": config.title, "description": config.description, "base_url": config.base_url,
            "edit": urls.editor(config.repo_url), "contribute": bool(corpus.contributing)}

    def view(passage: Passage, whole: bool = False) -> PassageView | None:
        span = anchors.get(passage)
        if span is None:
            return None
        return passage_view(corpus, texts[span.source], span, links.passage_ids[passage],
                            whole=whole)

    def home() -> Page:
        return theme.page("home.html", urls.HOME, site=site, intro=corpus.intro,
                          sources=sources, counts=_counts(corpus, links), terms=corpus.terms,
                          crossrefs=corpus.crossrefs, events=corpus.events)

    def source_page(source: Source) -> Page:
        root = urls.root_of(urls.source(source.id))
        renderer = _SourceRenderer(theme, corpus, texts[source.id], links.marks.get(source.id, ()),
                                   site)
        body, notes = cached(bodies, source.id, renderer.reads(),
                             lambda: (renderer.html(), renderer.notes()))
        data = popover_data(corpus, texts, anchors, links, source.id,
                            lambda text: theme.annotation_html(text, root) + "\n")
        notes_file = f"{config.annotations}/notes/{source.id}.yaml"
        return theme.page("source.html", urls.source(source.id), site=site, source=source,
                          body=body, notes=notes, data=data,
                          notes_file=(notes_file, source.id in noted),
                          crossrefs=related().get(source.id, []))

    @cache
    def related() -> dict[str, list[CrossRef]]:
        """The cross-references of each source, in id order."""
        index: dict[str, list[CrossRef]] = defaultdict(list)
        for x in crossrefs:
            for source_id in set(map(_SOURCE, x.passages)):
                index[source_id].append(x)
        return index

    def glossary() -> Page:
        letters: dict[str, list] = defaultdict(list)
        for term in terms:
            letters[_initial(term.name)].append(term)
        return theme.page("glossary.html", urls.GLOSSARY, site=site, letters=dict(letters),
                          mentions={t: len(m) for t, m in links.mentions.items()})

    def term_page(term: Term) -> Page:
        grouped: dict[str, list[PassageView]] = defaultdict(list)
        for m in links.mentions.get(term.id, ()):
            grouped[m.source].append(passage_view(corpus, texts[m.source],
                                                  Span(m.source, m.start, m.end), m.id))
        by_source = [(corpus.sources[s], views) for s, views in
                     sorted(grouped.items(), key=lambda kv: (corpus.sources[kv[0]].date, kv[0]))]
        return theme.page("term.html", urls.term(term.id), site=site, term=term,
                          see_also=[corpus.terms[t] for t in term.see_also if t in corpus.terms],
                          mentions=by_source)

    def crossref_page(x: CrossRef) -> Page:
        views = [v for p in x.passages if (v := view(p, whole=True))]
        return theme.page("crossref.html", urls.crossref(x.id), site=site, crossref=x,
                          passages=word_diff(views) if x.relation == "same-statement" else views)

    def timeline() -> Page:
        events = sorted(corpus.events.values(), key=lambda e: (e.date, e.id))
        return theme.page("timeline.html", urls.TIMELINE, site=site, events=[
            (e, [v for p in e.passages if (v := view(p))]) for e in events])

    sources = sorted(corpus.sources.values(), key=lambda s: (s.date, s.id))
    terms = sorted(corpus.terms.values(), key=lambda t: (t.name.casefold(), t.id))
    crossrefs = [corpus.crossrefs[x] for x in sorted(corpus.crossrefs)]
    noted = {n.source for n in corpus.notes.values()}
    shows = _Shows(config, corpus, texts, anchors, links, noted, related)
    jobs: dict[str, Job] = {urls.HOME: Job("home.html", home)}
    jobs.update({urls.source(s.id): Job("source.html", source_page, (s,), shows.source)
                 for s in sources})
    jobs[urls.GLOSSARY] = Job("glossary.html", glossary)
    jobs.update({urls.term(t.id): Job("term.html", term_page, (t,), shows.term) for t in terms})
    jobs[urls.CROSSREFS] = Job("crossrefs.html", lambda: theme.page(
        "crossrefs.html", urls.CROSSREFS, site=site, crossrefs=crossrefs, sources=corpus.sources))
    jobs.update({urls.crossref(x.id): Job("crossref.html", crossref_page, (x,), shows.crossref)
                 for x in crossrefs})
    jobs[urls.TIMELINE] = Job("timeline.html", timeline)
    jobs[urls.SEARCH] = Job("search.html", lambda: theme.page("search.html", urls.SEARCH, site=site))
    if corpus.contributing:
        jobs[urls.CONTRIBUTE] = Job("contribute.html", lambda: theme.page(
            "contribute.html", urls.CONTRIBUTE, site=site,
            guide=Markup(theme.highlighted.render(corpus.contributing))))
    def open_data(item_json=None) -> LongPage:
        return LongPage(export.FILE, lambda: export.web_annotations_parts(
            corpus, texts, anchors, links, config.base_url, config.title, item_json))

    def open_data_cached(store: Cache) -> tuple[LongPage, bool]:
        """The open data, each annotation's JSON kept in the cache by what it shows."""
        annotations = [*corpus.terms.values(), *corpus.crossrefs.values(), *corpus.notes.values(),
                       *corpus.events.values()]
        keys = {id(a): digest(shows.item(a)) for a in annotations}
        store.prefetch("annotation", keys.values())

        made = 0

        def item_json(annotation, make) -> bytes:
            nonlocal made
            key = keys[id(annotation)]
            found = store.get("annotation", key)
            if found is not None:
                return found
            made += 1
            item = export.dumps(make()).encode()
            store.put("annotation", key, item)
            return item

        found = {id(a): item_json(a, make) for a, make in export.items(
            corpus, texts, anchors, links, config.base_url)}
        return open_data(lambda annotation, _: found[id(annotation)]), not made

    jobs[export.FILE] = Job("", open_data, with_cache=open_data_cached)
    return jobs


def _fingerprint(value) -> bytes:
    """Plain values (dataclasses, tuples, lists, dicts in their order, strings, numbers) as
    bytes that differ when they differ: pickled without the memo, so that two equal values
    give the same bytes whichever objects they share."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()


class _Shows:
    """What each page shows, as bytes that differ whenever the page may: the keys under
    which the build cache keeps pages. Each names what the page's renderer reads: a source
    by its metadata and its text's digest, the terms found in it by the glossary's digest
    (the same text and glossary, the same occurrences), an annotation by its own digest."""

    def __init__(self, config: Config, corpus: Corpus, texts: dict[str, SourceText],
                 anchors: dict[Passage, Span], links: Links, noted: set[str],
                 related: Callable[[], dict[str, list[CrossRef]]]):
        self.corpus, self.texts, self.anchors, self.links = corpus, texts, anchors, links
        self.noted, self.related = noted, related
        self.site = (config.title, config.description, config.base_url, config.repo_url,
                     config.annotations, bool(corpus.contributing))
        self.glossary = glossary_digest(corpus.terms)
        self._digests: dict[tuple[str, str], str] = {}

    def _digest(self, kind: str, key: str, value: Callable[[], object]) -> str:
        found = self._digests.get((kind, key))
        if found is None:
            found = self._digests[kind, key] = digest(_fingerprint(value()))
        return found

    def about(self, source_id: str) -> str:
        """A source as other pages show it: its metadata and its text."""
        source, text = self.corpus.sources.get(source_id), self.texts.get(source_id)
        return self._digest("source", source_id, lambda: (
            source and replace(source, body=""), text and text.digest))

    def term_(self, term_id: str) -> str:
        return self._digest("term", term_id, lambda: self.corpus.terms.get(term_id))

    def crossref_(self, x: CrossRef) -> str:
        """A cross-reference with its passages: where they anchor and what holds them."""
        return self._digest("crossref", x.id, lambda: (x, [
            (self.anchors.get(p), self.links.passage_ids.get(p), self.about(p.source))
            for p in x.passages]))

    def source(self, source: Source) -> bytes:
        marks = self.links.marks.get(source.id, ())
        placed = [m for m in marks if m.kind not in ("term", "speaker")]  # the rest: text, glossary
        terms = sorted({m.ref for m in marks if m.kind == "term"})
        c = self.corpus
        crossrefs = sorted({*(m.ref for m in placed if m.kind == "crossref"),
                            *(x.id for x in self.related().get(source.id, ()))})
        return _fingerprint((self.site, self.glossary, self.about(source.id), placed,
                             source.id in self.noted, [self.term_(t) for t in terms],
                             [c.notes[m.ref] for m in placed if m.kind == "note"],
                             [self.crossref_(c.crossrefs[x]) for x in crossrefs]))

    def term(self, term: Term) -> bytes:
        sources = dict.fromkeys(m.source for m in self.links.mentions.get(term.id, ()))
        return _fingerprint((self.site, self.glossary, term, [self.term_(t) for t in term.see_also],
                             [self.about(s) for s in sources]))

    def crossref(self, x: CrossRef) -> bytes:
        return _fingerprint((self.site, self.crossref_(x)))

    def item(self, annotation) -> bytes:
        """An annotation as the open data lists it: itself, where its passages anchor (or,
        for a term, where it occurs), and the sources they lie in."""
        if isinstance(annotation, Term):
            return self.term(annotation)
        if isinstance(annotation, CrossRef):
            return self.crossref(annotation)
        return _fingerprint((self.site, annotation, [(self.anchors.get(p), self.about(p.source))
                                                     for p in annotation.passages]))


def mark_counts(marks: tuple[Mark, ...]) -> dict[str, int]:
    """How many terms, cross-references, notes and events a source's marks stand for."""
    refs: dict[str, set[str]] = {"term": set(), "crossref": set(), "note": set(), "event": set()}
    for m in marks:
        if m.kind in refs:
            refs[m.kind].add(m.ref)
    return {"terms": len(refs["term"]), "crossrefs": len(refs["crossref"]),
            "notes": len(refs["note"]), "events": len(refs["event"])}


def _counts(corpus: Corpus, links: Links) -> dict[str, dict[str, int]]:
    return {s: mark_counts(links.marks.get(s, ())) for s in corpus.sources}
