"""Linked corpus to pages: each source's body (its text with its marks wrapped in), and
every page of the contract rendered from the theme's Jinja2 templates.

Templates get plain values (the model's dataclasses and views.py's) and a `root` that leads
back to the site root, so every link is relative. A page is rendered from its inputs
(`Job`): the model's values and each source's facts, never a text, so that the pages other
than a source's own need no text.
"""
from __future__ import annotations

import json
from collections import defaultdict
from itertools import chain, islice
from operator import attrgetter, itemgetter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

import jinja2
import jinja2.meta
from markupsafe import Markup, escape

from . import export, fan, opendata, paging, urls
from .cache import Cache, digest
from .config import Config, bundled_themes
from .diagnostics import Diagnostic, Location, error
from .fragments import KeptFragments
from .memo import Memo, cached, cached_each, same
from .model import Corpus, CrossRef, Links, Mark, Source, Term
from .facts import Found, Survey
from .fingerprint import Fingerprint
from .opendata import LongPage
from .spill import Parts
from .progress import Tell, counted
from .text import SourceText, markdown
from .views import (linked_terms, popover_data, preview_data, source_citation, term_citation,
                    view, word_diff)
from .wrap import Wrapper, opening_tag, wrap
from .write import Filler, write_new

@dataclass(frozen=True)
class Page:
    url: str  # site-relative, 'glossary/csto/'
    html: str
    key: str = ""  # with the build cache, a digest of what it is made of (page_keys)

    def chunks(self) -> tuple[bytes, ...]:
        """The page in UTF-8, in the pieces it is written in."""
        return (self.html.encode(),)


@dataclass(frozen=True)
class SentPage:
    """A page written as soon as it was made, or kept from the last build (see render_jobs),
    so that its HTML is not held: its URL, and its key with the build cache."""

    url: str
    key: str = ""


@dataclass(frozen=True)
class Asset:
    src: Path
    dest: str  # site-relative file path, 'static/style.css'


@dataclass(frozen=True)
class Site:
    pages: tuple[Page | SentPage, ...]
    assets: tuple[Asset, ...]
    reused: frozenset[str] = frozenset()  # URLs of the pages kept from the last build


EXTRA_TEMPLATES = {"source.html": {"_note.html"}}  # rendered from code, not referenced
OPTIONAL_TEMPLATES = ("404.html",)  # pages made where the theme has their template
PAGE_TEMPLATES = ("home.html", "source.html", "glossary.html", "term.html", "crossrefs.html",
                  "crossref.html", "timeline.html", "search.html", "contribute.html")  # the last
# only with a contributor guide


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
        self.env.globals["urls"] = urls  # every template's, its macros' too

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

    def page(self, template: str, url: str, root: str | None = None, **context) -> Page:
        """The page at `url` from `template`; its links lead back to the site by `root`
        (default: relative to the page)."""
        html = self.env.get_template(template).render(
            root=urls.root_of(url) if root is None else root, url=url, urls=urls, **context)
        return Page(url, html)

    def has(self, template: str) -> bool:
        """Whether the theme has a template of that name."""
        return (self.folder / "templates" / template).is_file()

    def assets(self) -> tuple[Asset, ...]:
        static = self.folder / "static"
        if not static.is_dir():
            return ()
        return tuple(Asset(p, f"static/{p.relative_to(static).as_posix()}")
                     for p in sorted(static.rglob("*")) if p.is_file())


def template_closure(env: jinja2.Environment, name: str) -> set[str]:
    """The templates a page template uses, itself included, through extends/include/import."""
    seen = set()
    for current, _, problem in _template_tree(env, [name]):
        if problem is not None:
            raise problem
        seen.add(current)
    return seen


def _template_tree(env: jinja2.Environment, names: Iterable[str]
                   ) -> Iterator[tuple[str, str | None, jinja2.TemplateError | None]]:
    """Each template the page templates `names` use, once, themselves included: (template,
    the template that uses it or None, what keeps it from being read or parsed or None)."""
    seen: set[str] = set()
    todo = [(t, n) for n in names for t in EXTRA_TEMPLATES.get(n, ())]
    todo += [(n, None) for n in reversed(list(names))]
    while todo:
        current, user = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, filename, _ = env.loader.get_source(env, current)
            used = jinja2.meta.find_referenced_templates(env.parse(source, current, filename))
        except jinja2.TemplateError as exc:
            yield current, user, exc
            continue
        yield current, user, None
        todo += [(t, current) for t in used if t]


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
        self._terms: dict[tuple[str, bool], Wrapper] = {}
        self.root = urls.root_of(urls.source(text.source))
        self.base = export.base_of(site["base_url"])  # where a printed link leads
        self.numbers = {m.ref: n for n, m in enumerate((m for m in marks if m.kind == "note"), 1)}
        self.macros = theme.env.get_template("_note.html").make_module(
            {"root": self.root, "site": site})
        self.noted: dict[int, list[Mark]] = {}  # each block's notes, in reading order
        for m in marks:
            if m.kind == "note":
                self.noted.setdefault(text.block_at(m.start), []).append(m)
        seen: set[tuple[int, str]] = set()
        self.first: set[str] = set()  # ids of each term's first mention in its paragraph
        starts, block, last = text.block_starts, 0, len(text.block_starts) - 1
        for m in marks:  # in text order: the blocks come in order
            if m.kind == "term":
                while block < last and starts[block + 1] <= m.start:
                    block += 1
                if (block, m.ref) not in seen:
                    seen.add((block, m.ref))
                    self.first.add(m.id)

    def wrapper(self, mark: Mark) -> Wrapper:
        """How `mark` looks: one wrapper for all the mentions of a term that look alike."""
        if mark.kind == "term":
            key = (mark.ref, mark.id in self.first)
            made = self._terms.get(key)
            if made is None:
                made = self._terms[key] = Wrapper("a", {
                    "class": "term" if key[1] else "term repeat",
                    "href": self.root + urls.term(mark.ref), "data-term": mark.ref})
            return made
        if mark.kind == "crossref":
            return self._crossref(mark)
        if mark.kind == "note":
            return self._note(mark)
        if mark.kind == "event":
            return self._event(mark)
        return Wrapper("span", {"class": "speaker"})

    def _event(self, mark: Mark) -> Wrapper:
        event = self.corpus.events[mark.ref]
        link = opening_tag("a", {"class": "event-link", "href": f"{self.root}{urls.TIMELINE}#{event.id}",
                                 "data-print": f"{self.base}{urls.TIMELINE}#{event.id}",
                                 "aria-label": f"On the timeline: {event.date}, {event.title}"})
        return Wrapper("span", {"class": "event", "data-event": mark.ref}, f"{link}◷</a>")

    def _crossref(self, mark: Mark) -> Wrapper:
        x = self.corpus.crossrefs[mark.ref]
        others = ", ".join(self.corpus.sources[p.source].title for p in x.passages
                           if p.source != self.text.source and p.source in self.corpus.sources)
        link = opening_tag("a", {"class": "xref-link", "href": self.root + urls.crossref(x.id),
                              "data-xref": x.id, "data-print": self.base + urls.crossref(x.id),
                              "aria-label": f"Compare ({x.relation.replace('-', ' ')}): {x.title}, "
                                            f"with {others}"})
        return Wrapper("mark", {"class": f"xref xref-{x.relation}", "data-crossref": x.id},
                       f"{link}⇄</a>")

    def _note(self, mark: Mark) -> Wrapper:
        note, n = self.corpus.notes[mark.ref], self.numbers[mark.ref]
        return Wrapper("mark", {"class": f"noted note-{note.kind}", "data-note": note.id},
                       str(self.macros.marker(note, n, mark.id)).strip())

    def folded(self, index: int) -> str:
        """The notes whose passages end in block `index`, folded, to follow the block."""
        found = self.noted.get(index)
        if not found:
            return ""
        return str(self.macros.folded([(self.corpus.notes[m.ref], self.numbers[m.ref], m.id)
                                       for m in found])).strip() + "\n"

    @staticmethod
    def pilcrow(index: int) -> str:
        n = index + 1
        return f' <a class="pilcrow" href="#p-{n}" aria-label="Link to paragraph {n}">¶</a>'

    def html(self) -> Markup:
        return Markup(wrap(self.text, self.marks, self.wrapper, self.pilcrow, self.folded))

    def notes(self) -> tuple[tuple[int, str, str], ...]:
        """The notes in reading order, for the printed page's footnotes: (number, note
        id, the id of its passage)."""
        return tuple((self.numbers[m.ref], m.ref, m.id) for m in self.marks if m.kind == "note")


def source_body(theme: Theme, corpus: Corpus, text: SourceText, marks: tuple[Mark, ...],
                site: dict) -> tuple[str, tuple[tuple[int, str, str], ...]]:
    """A source page's body (its text with every mark wrapped in, each note beside its
    passage) and its notes in reading order (see _SourceRenderer.notes)."""
    renderer = _SourceRenderer(theme, corpus, text, marks, site)
    return renderer.html(), renderer.notes()


def site_values(config: Config, corpus: Corpus) -> dict:
    """What every page gets as `site`."""
    return {"title": config.title, "description": config.description, "base_url": config.base_url,
            "edit": urls.editor(config.repo_url), "contribute": bool(corpus.contributing)}


_SOURCE = attrgetter("source")


class Job(NamedTuple):
    """A page to render: its template, how to render it (`make(*inputs)`), and what it is
    made of (`inputs`: plain values, the same or equal while the page is the same; a
    rebuild renders a page again when they differ, and the build cache keeps a page by
    their fingerprint). The open data has no template and is made with `long`, which
    may take its parts from the build cache (see open_data)."""

    template: str
    make: Callable[..., Page]
    inputs: tuple = ()
    long: Callable[[Cache | None], LongPage] | None = None
    reads: tuple = ()  # the surveys whose facts it is made of (see Parts.prepare)
    body: object = None  # the survey whose page's body it shows

    def render(self) -> Page:
        return self.make(*self.inputs)


def render(config: Config, corpus: Corpus, surveys: dict, links: Links, parts: Parts,
           theme: Theme | None = None, progress: Tell | None = None,
           workers: int = 1, cache: Cache | None = None,
           into: Filler | None = None) -> tuple[Site, list[Diagnostic]]:
    """Every page and the theme's assets, written `into` a folder being filled as they are
    made (see render_jobs)."""
    theme = theme or Theme(config.theme_dir)
    pages, problems, reused = render_jobs(
        config, lambda: page_jobs(theme, config, corpus, surveys, links, parts),
        progress=progress, workers=workers, cache=cache, theme=theme, into=into, parts=parts)
    return Site(pages, theme.assets() if not problems else (), reused), problems


def render_jobs(config: Config, jobs: Callable[[], dict[str, Job]],
                only: set[str] | None = None,
                progress: Tell | None = None,
                workers: int = 1, cache: Cache | None = None,
                theme: Theme | None = None, into: Filler | None = None,
                parts: Parts | None = None,
                ) -> tuple[tuple[Page | SentPage, ...], list[Diagnostic], frozenset[str]]:
    """Render the pages (those whose URL is in `only`, if given), on `workers` processes
    when there are many; a template's error is a diagnostic at its file and line, not an
    exception. `progress` hears of the pages done (see progress.py). Written `into` a folder
    being filled, pages are not held: with a `cache` (and the `theme`) each page has a key,
    the digest of its templates and of what it is made of, and a page whose key is that of
    its file in the last build is that very file, not rendered (their URLs come third);
    into a fresh folder, the workers write the pages they render themselves."""
    try:
        todo = [(url, job) for url, job in jobs().items() if only is None or url in only]
        keys = page_keys([job for _, job in todo], cache, theme)
        reused = {i for i, key in keys.items() if into is not None and into.link(todo[i][0], key)}
        here = [i for i, (_, job) in enumerate(todo) if job.long and i not in reused]
        missing = [i for i in range(len(todo)) if i not in reused and not todo[i][1].long]
        parallel = workers > 1 and len(missing) >= fan.MIN_ITEMS
        if parallel and parts is not None:  # what the workers read of the cache is read here
            parts.prepare(dict.fromkeys(s for i in missing for s in todo[i][1].reads))
            parts.prepare([todo[i][1].body for i in missing if todo[i][1].body], facts=False,
                          bodies=True)
        pages: list = [SentPage(todo[i][0], keys[i]) if i in reused else None
                       for i in range(len(todo))]
        if into is not None and into.fresh and parallel:  # no page comes back
            renders = [(todo[i][1], into.claim(todo[i][0])) for i in missing]
            made = fan.fan_out(_written, renders, workers, chunk=50)
        else:
            made = fan.fan_out(_rendered, [todo[i][1] for i in missing], workers, chunk=50)

        def done(i: int, page: Page | LongPage | None) -> None:
            key = keys.get(i, "") or getattr(page, "key", "")
            if page is not None and into is not None:
                into.page(page)
            pages[i] = SentPage(todo[i][0], key) if into is not None or page is None else \
                replace(page, key=key)

        total = len(missing) + len(here)

        def made_here():
            for i in here:
                page = todo[i][1].long(cache if cache is not None and cache.enabled else None)
                if into is not None and into.link(page.url, page.key):
                    reused.add(i)
                    keys[i] = page.key  # kept as the last build's: the next one links it too
                    yield None
                else:
                    yield page

        rendered, ours = zip(missing, made), zip(here, made_here())
        # on workers, the first page starts them, and this process makes its own meanwhile
        order = chain(islice(rendered, 1), ours, rendered) if parallel else chain(rendered, ours)
        for i, page in counted(order, "render", total, progress):
            done(i, page)
        return tuple(pages), [], frozenset(todo[i][0] for i in reused)
    except jinja2.TemplateError as exc:
        return (), [template_error(config, exc)], frozenset()


def template_error(config: Config, exc: jinja2.TemplateError) -> Diagnostic:
    """A template's error at its file and line (or at the theme's templates folder)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and (exc.filename or exc.name):
        return error(Location(_shown(config, Path(exc.filename or exc.name or "")),
                              exc.lineno or 1, 1), f"template syntax error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return _missing(config, exc.name, None)
    return error(Location(_shown(config, config.theme_dir / "templates")),
                 f"template error: {exc.message or exc}")


def theme_problems(config: Config, theme: Theme) -> list[Diagnostic]:
    """What keeps the theme from rendering the site, found before anything is rendered:
    a template that sitegen renders, or that one of them uses, that is missing or that
    Jinja2 cannot parse."""
    guide = (config.root / "CONTRIBUTING.md").is_file()
    names = [*PAGE_TEMPLATES[:None if guide else -1], *(t for t in OPTIONAL_TEMPLATES if theme.has(t))]
    return [_missing(config, name, user) if isinstance(problem, jinja2.TemplateNotFound)
            else template_error(config, problem)
            for name, user, problem in _template_tree(theme.env, names)
            if problem is not None]


def _missing(config: Config, name: str, user: str | None) -> Diagnostic:
    """A template the theme lacks, at its templates folder, with the one that uses it."""
    used = f" ({user} uses it)" if user else ""
    start = " (the default theme's is a start)" \
        if (bundled_themes() / "default" / "templates" / name).is_file() else ""
    return error(Location(_shown(config, config.theme_dir / "templates")),
                 f"the theme has no template {name!r}{used}: add it{start}, or choose another theme")


def _shown(config: Config, path: Path) -> str:
    """A path as a diagnostic shows it: relative to the project where it is in it."""
    try:
        return path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _rendered(job: Job) -> Page:
    return job.render()


def _written(work: tuple[Job, str]) -> None:
    """Render a page and write it where the folder being filled gave it its place."""
    job, path = work
    write_new(path, job.render().chunks())


def page_keys(jobs: list[Job], cache: Cache | None, theme: Theme | None) -> dict[int, str]:
    """The cache key of each page with a template: its templates and what it is made of."""
    if cache is None or not cache.enabled or theme is None:
        return {}
    templates: dict[str, str] = {}
    keys = {}
    fingerprint = Fingerprint()
    for i, job in enumerate(jobs):
        if not job.template:
            continue
        if job.template not in templates:
            folder = theme.folder / "templates"
            used = sorted(template_closure(theme.env, job.template))
            templates[job.template] = digest(*(f"{name}\0{(folder / name).read_text('utf-8')}"
                                               for name in used))
        keys[i] = digest(templates[job.template], fingerprint(job.inputs))
    return keys




def _related(crossrefs: tuple[CrossRef, ...]) -> dict[str, list[CrossRef]]:
    """The cross-references each source has a passage in."""
    related: dict[str, list[CrossRef]] = defaultdict(list)
    for x in crossrefs:
        for source_id in dict.fromkeys(map(_SOURCE, x.passages)):
            related[source_id].append(x)
    return related


def _mentions(sources: tuple[Source, ...], surveys: dict) -> tuple[dict, dict]:
    """Each term's (source, count, digest) of its mentions in `sources`, in their order,
    and each term's count of mentions in all."""
    found: dict[str, list] = defaultdict(list)
    for source in sources:
        for term_id, (count, shown, _) in surveys[source.id].mentioned.items():
            found[term_id].append((source, count, shown))
    return ({t: tuple(f) for t, f in found.items()},
            {t: sum(count for _, count, _ in f) for t, f in found.items()})


def page_jobs(theme: Theme, config: Config, corpus: Corpus, surveys: dict, links: Links,
              parts: Parts, memo: Memo | None = None) -> dict[str, Job]:
    """Every page of the site by URL: its template, what it is made of and how to render
    it. Nothing is rendered here, so a rebuild renders just the pages whose inputs
    changed. `surveys`: each source's facts.Survey; a page is made of a digest of each
    passage or mention it shows, and its rendering fetches them from `parts`. With a
    `memo` (the preview's), what pages gather across the sources (the mentions of each
    term, the passages of each cross-reference) is gathered again only where it changed."""
    site = site_values(config, corpus)

    def placed(passages) -> tuple:
        """(source, passage, digest of what is shown of it) of each anchored passage."""
        found = []
        for p in passages:
            survey = surveys.get(p.source)
            at = survey.placed.get(p) if survey is not None else None
            if at is not None:
                found.append((corpus.sources[p.source], p, at[1]))
        return tuple(found)

    def passage(source: Source, p) -> Found:
        return parts.found(surveys[source.id], p)

    def terms_in(found) -> list:
        """The terms mentioned in placed passages, each once."""
        ids = dict.fromkeys(t for source, p, _ in found for t in surveys[source.id].passage_terms.get(p, ()))
        return [corpus.terms[t] for t in ids if t in corpus.terms]

    def reading(*passages_of) -> tuple:
        """The surveys whose facts a page made of these placed passages reads."""
        return tuple(dict.fromkeys(surveys[source.id] for found in passages_of
                                   for source, _, _ in found))

    site = same(memo, "site", site)
    sources = tuple(sorted(corpus.sources.values(), key=lambda s: (s.date, s.id)))
    terms = same(memo, "terms", tuple(sorted(corpus.terms.values(), key=attrgetter("sort_key"))))
    crossrefs = same(memo, "crossrefs", tuple(corpus.crossrefs[x] for x in sorted(corpus.crossrefs)))
    noted = {n.source for n in corpus.notes.values()}
    related = cached(memo, "related", crossrefs, lambda: _related(crossrefs))
    mentions, counts = cached(memo, "mentions", (sources, links.mentions, tuple(
        surveys[s.id].mentioned for s in sources)), lambda: _mentions(sources, surveys))

    def gather(x: CrossRef) -> dict:
        """A cross-reference's placed passages and the surveys they are read from: all
        (under None, for its page) and, for each of its sources' pages, the others."""
        found = placed(x.passages)
        return {key: (shown, reading(shown)) for key, shown in (
            (None, found), *((s, tuple(f for f in found if f[0].id != s))
                             for s in dict.fromkeys(map(_SOURCE, x.passages))))}

    gathered = dict(zip((x.id for x in crossrefs), cached_each(memo,
        ((("crossref", x.id), (x, tuple(map(surveys.get, map(_SOURCE, x.passages)))))
         for x in crossrefs),
        lambda _, inputs: gather(inputs[0]))))

    def previews(url: str, terms) -> dict:
        """The previews of the terms a page (other than a source's) links to."""
        root = urls.root_of(url)
        return preview_data(url, terms, lambda text: theme.annotation_html(text, root) + "\n")

    def home(site, intro, sources, marked, totals, pager, linked) -> Page:
        counts = {s.id: mark_counts(m) for s, m in zip(sources, marked)}
        return theme.page("home.html", pager.url, site=site, intro=intro, sources=sources,
                          counts=counts, totals=dict(totals), pager=pager,
                          data=previews(pager.url, linked))

    def source_page(site, source, survey, on_page, xrefs, related, noted, notes) -> Page:
        root = urls.root_of(urls.source(source.id))
        body = Markup(parts.body(survey).decode())
        shown = [(x, [(other, passage(other, p)) for other, p, _ in found]) for x, found in xrefs]
        data = popover_data(source.id, on_page, shown,
                            lambda text: theme.annotation_html(text, root) + "\n")
        notes_file = f"{config.annotations}/notes/{source.id}.yaml"
        return theme.page("source.html", urls.source(source.id), site=site, source=source,
                          body=body, data=data, notes_file=(notes_file, noted), crossrefs=related,
                          contents=survey.contents, cite=source_citation(source, site, urls.source(source.id)),
                          notes=[(n, note, mark_id) for (n, _, mark_id), note in zip(survey.notes, notes)])

    def source_inputs(source: Source, survey: Survey, others: tuple) -> tuple[tuple, tuple]:
        """A source page's inputs and the surveys it reads, besides its own."""
        marked = survey.marked
        xrefs = tuple(zip(map(corpus.crossrefs.__getitem__, marked["crossref"]),
                          (found for found, _ in others)))
        notes = tuple(corpus.notes[note_id] for _, note_id, _ in survey.notes)
        on_page = tuple(map(corpus.terms.__getitem__, marked["term"]))
        on_page += tuple(t for t in linked_terms(corpus.terms, *(n.note for n in notes))
                         if t.id not in marked["term"])  # what its notes link to
        return (site, source, survey, on_page, xrefs, tuple(related.get(source.id, ())),
                source.id in noted, notes
                ), tuple(dict.fromkeys(chain.from_iterable(r for _, r in others)))

    def source_job(source: Source) -> Job:
        survey = surveys[source.id]
        others = tuple(map(itemgetter(source.id), map(gathered.__getitem__, survey.marked["crossref"])))
        inputs, reads = cached(memo, ("source", source.id), (
            site, source, survey, terms, crossrefs, source.id in noted, others),
            lambda: source_inputs(source, survey, others))
        return Job("source.html", source_page, inputs, reads=reads, body=survey)

    def glossary(site, terms, counts) -> Page:
        letters: dict[str, list] = defaultdict(list)
        for term in terms:
            letters[_initial(term.sort or term.name)].append(term)
        return theme.page("glossary.html", urls.GLOSSARY, site=site, letters=dict(letters),
                          mentions=counts, data=previews(urls.GLOSSARY, linked_terms(
                              corpus.terms, *(t.summary for t in terms))))

    def term_page(site, term, see_also, mentions, sources, total, pager, linked) -> Page:
        groups = []
        for source, count, _ in mentions:
            found = parts.first(surveys[source.id], term.id)
            groups.append((source, found, found.later(), view(source, found.first)))
        return theme.page("term.html", pager.url, site=site, term=term, see_also=see_also,
                          mentions=groups, sources=sources, total=total, pager=pager,
                          data=previews(pager.url, linked),
                          cite=term_citation(term, site, urls.term(term.id)))

    def term_jobs(term: Term) -> dict[str, Job]:
        """A term's page, and the further pages of its mentions where there are many."""
        found = mentions.get(term.id, ())
        see_also = tuple(corpus.terms[t] for t in term.see_also if t in corpus.terms)
        total = sum(count for _, count, _ in found)
        pages = paging.split(found, paging.MENTION_GROUPS, lambda group: paging.mention_weight(
            group[1]), paging.MENTION_WEIGHT)
        linked = tuple(dict.fromkeys(t for t in (
            *linked_terms(corpus.terms, term.summary, term.body), *see_also) if t.id != term.id))
        jobs = {}
        for pager, shown in paging.pagers(urls.term(term.id), pages):
            jobs[pager.url] = Job("term.html", term_page, (
                site, term, see_also, shown, len(found), total, pager, linked),
                reads=tuple(surveys[source.id] for source, _, _ in shown))
        return jobs

    def crossref_page(site, x, found, linked) -> Page:
        views = [view(source, passage(source, p).whole) for source, p, _ in found]
        return theme.page("crossref.html", urls.crossref(x.id), site=site, crossref=x,
                          passages=word_diff(views) if x.relation == "same-statement" else views,
                          data=previews(urls.crossref(x.id), linked))

    def crossref_index(site, crossrefs, sources, pager, total, linked) -> Page:
        return theme.page("crossrefs.html", pager.url, site=site, crossrefs=crossrefs,
                          sources=sources, pager=pager, total=total, data=previews(pager.url, linked))

    def timeline(site, events, linked) -> Page:
        return theme.page("timeline.html", urls.TIMELINE, site=site, events=[
            (e, [view(source, passage(source, p).short) for source, p, _ in found])
            for e, found in events], data=previews(urls.TIMELINE, linked))

    def simple(template: str, url: str):
        return lambda site, *values: theme.page(template, url, site=site, **dict(values))

    totals = (("sources", len(sources)), ("terms", len(corpus.terms)),
              ("crossrefs", len(corpus.crossrefs)), ("events", len(corpus.events)))
    jobs: dict[str, Job] = {}
    for pager, shown in paging.pagers(urls.HOME, paging.split(sources, paging.SOURCES)):
        jobs[pager.url] = Job("home.html", home, (
            site, corpus.intro, shown, tuple(surveys[s.id].marked for s in shown), totals, pager,
            tuple(linked_terms(corpus.terms, corpus.intro)) if pager.number == 1 else ()))
    jobs.update({urls.source(s.id): source_job(s) for s in sources})
    jobs[urls.GLOSSARY] = Job("glossary.html", glossary, (site, terms, counts))
    for t in terms:
        jobs.update(term_jobs(t))
    for pager, shown in paging.pagers(urls.CROSSREFS, paging.split(crossrefs, paging.CROSSREFS)):
        jobs[pager.url] = Job("crossrefs.html", crossref_index, (
            site, shown, corpus.sources, pager, len(crossrefs),
            tuple(linked_terms(corpus.terms, *(x.note for x in shown)))))
    for x in crossrefs:
        found, reads = gathered[x.id][None]
        jobs[urls.crossref(x.id)] = Job("crossref.html", crossref_page, (
            site, x, found, tuple(dict.fromkeys((*linked_terms(corpus.terms, x.note), *terms_in(found))))),
                                        reads=reads)
    events = tuple((e, placed(e.passages)) for e in sorted(corpus.events.values(),
                                                           key=lambda e: (e.date, e.id)))
    jobs[urls.TIMELINE] = Job("timeline.html", timeline, (
        site, events, tuple(dict.fromkeys(t for _, found in events for t in terms_in(found)))),
                              reads=reading(*(found for _, found in events)))
    jobs[urls.SEARCH] = Job("search.html", simple("search.html", urls.SEARCH), (site,))
    if corpus.contributing:
        jobs[urls.CONTRIBUTE] = Job("contribute.html", lambda site, text: theme.page(
            "contribute.html", urls.CONTRIBUTE, site=site,
            guide=Markup(theme.highlighted.render(text))), (site, corpus.contributing))
    if theme.has("404.html"):  # served at any address: its links lead from the site's root
        jobs[urls.NOT_FOUND] = Job("404.html", lambda site: theme.page(
            "404.html", urls.NOT_FOUND, root=export.base_of(site["base_url"]) or "/", site=site),
            (site,))
    if config.base_url:
        pages = tuple(url for url in jobs if urls.is_page(url))
        jobs[urls.SITEMAP] = Job("", None, long=lambda store: sitemap(config.base_url, pages))
    jobs.update({url: Job("", None, long=make)
                 for url, make in opendata.files(config, corpus, surveys, links, parts, memo).items()})
    return jobs


def sitemap(base_url: str, pages: tuple[str, ...]) -> LongPage:
    """The sitemap (sitemaps.org) of the site's pages, at their addresses under `base_url`."""
    base = export.base_of(base_url)
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
            "".join(f"<url><loc>{escape(base + url)}</loc></url>\n" for url in pages) +
            "</urlset>\n").encode()
    return LongPage(urls.SITEMAP, lambda: (data,), digest(data))


def mark_counts(marked: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """How many terms, cross-references, notes and events a source's marks stand for."""
    return {"terms": len(marked["term"]), "crossrefs": len(marked["crossref"]),
            "notes": len(marked["note"]), "events": len(marked["event"])}
