"""A theme: its Jinja2 templates (autoescaped and strict, with the filters that render
annotation Markdown) and its static files; and what keeps a theme from rendering the site,
found before anything is rendered."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Iterable, Iterator

import jinja2
import jinja2.meta
from markupsafe import Markup, escape

from .. import urls
from ..config import Config, bundled_themes
from ..diagnostics import Diagnostic, Location, error
from ..dialect import markdown
from ..keys import digest
from ..model import Asset, Corpus, Page
from .fragments import KeptFragments

EXTRA_TEMPLATES = {"source.html": {"_body.html"}}  # rendered from code, not referenced
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
        self._uses: dict[str, tuple[str, ...]] = {}
        self.md.core.ruler.push("site_links", _site_links)
        self.highlighted = markdown()  # for guides with code: blocks coloured by Pygments
        self.highlighted.options["highlight"] = _highlight
        self.highlighted.add_render_rule(
            "code_block", lambda self_, tokens, idx, options, env: _highlight(tokens[idx].content, "", ""))
        self.env.filters["markdown"] = self.block
        self.env.filters["markdown_inline"] = self.inline
        self.env.filters["markdown_flow"] = self.flow
        self.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False,
                                                  "separators": (",", ":")}  # for `tojson`
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

    def page(self, template: str, url: str, context) -> Page:
        """The page at `url` from `template` and its `context` (a dataclass: its fields are
        the template's names); its links lead back to the site by `root` (the context's, or
        else relative to the page)."""
        values = {f.name: getattr(context, f.name) for f in fields(context)}
        root = values.pop("root", None)
        html = self.env.get_template(template).render(
            root=urls.root_of(url) if root is None else root, url=url, urls=urls, **values)
        return Page(url, html)

    def uses(self, template: str) -> tuple[str, ...]:
        """The templates a page template uses, itself included, through
        extends/include/import, sorted; found once for the theme as it was compiled."""
        if template not in self._uses:
            seen = set()
            for current, _, problem in _template_tree(self.env, [template]):
                if problem is not None:
                    raise problem
                seen.add(current)
            self._uses[template] = tuple(sorted(seen))
        return self._uses[template]

    def key(self, template: str) -> str:
        """A digest of the templates a page template uses, their names and their text."""
        folder = self.folder / "templates"
        return digest(*(f"{n}\0{(folder / n).read_text('utf-8')}" for n in self.uses(template)))

    def has(self, template: str) -> bool:
        """Whether the theme has a template of that name."""
        return (self.folder / "templates" / template).is_file()

    def assets(self) -> tuple[Asset, ...]:
        static = self.folder / "static"
        if not static.is_dir():
            return ()
        return tuple(Asset(p, f"static/{p.relative_to(static).as_posix()}")
                     for p in sorted(static.rglob("*")) if p.is_file())


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


def site_values(config: Config, corpus: Corpus) -> dict:
    """What every page gets as `site`."""
    return {"title": config.title, "description": config.description, "base_url": config.base_url,
            "edit": urls.editor(config.repo_url), "contribute": bool(corpus.contributing)}
