"""Every page's address, in one place. URLs here are site-relative ('glossary/csto/');
`relative()` turns one into a link from a given page, so the site works from any base path.
"""
from __future__ import annotations

from dataclasses import dataclass

HOME = ""
GLOSSARY = "glossary/"
CROSSREFS = "crossrefs/"
TIMELINE = "timeline/"
SEARCH = "search/"
CONTRIBUTE = "contribute/"
NOT_FOUND = "404.html"  # where static hosts (GitHub Pages among them) look for it
SITEMAP = "sitemap.xml"


def source(source_id: str) -> str:
    return f"sources/{source_id}/"


def term(term_id: str) -> str:
    return f"glossary/{term_id}/"


def crossref(crossref_id: str) -> str:
    return f"crossrefs/{crossref_id}/"


def paged(url: str, number: int) -> str:
    """Page `number` of the list at `url` (a page's URL): the list's own URL for page 1."""
    return url if number == 1 else f"{url}page/{number}/"


def is_page(url: str) -> bool:
    """Whether a site URL is an HTML page (a folder's index.html), not another file."""
    return url == "" or url.endswith("/")


def file_of(url: str) -> str:
    """The file that serves a pretty URL: 'glossary/csto/' -> 'glossary/csto/index.html'."""
    return f"{url}index.html" if is_page(url) else url


def root_of(url: str) -> str:
    """The relative path from the page at `url` back to the site root: '../../' or ''."""
    return "../" * url.count("/")


def relative(from_url: str, to_url: str) -> str:
    """A link from one page to another (or to an asset), relative, so any base path works."""
    return (root_of(from_url) + to_url) or "./"


@dataclass(frozen=True)
class Editor:
    """Links to a project file on its repository's host: edit it, or create it."""

    base: str
    branch: str = "main"

    def __bool__(self) -> bool:
        return bool(self.base)

    def edit(self, path: str) -> str:
        return f"{self.base}/edit/{self.branch}/{path}"

    def new(self, path: str) -> str:
        folder, _, name = path.rpartition("/")
        return f"{self.base}/new/{self.branch}/{folder}?filename={name}"


def editor(repo_url: str) -> Editor:
    return Editor(repo_url.rstrip("/"))
