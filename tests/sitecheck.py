"""Reads a built site the way a link checker does: every page's ids and links, and which
internal links or #fragments lead nowhere."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if key in attrs:
                self.links.append(attrs[key])


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """'page -> link' for every internal link whose file or fragment does not exist, the
    site served at the root of its host (a link from the root, '/glossary/', as the
    not-found page has them, leads into `site`)."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("mailto:"):
                continue
            base = site if parts.path.startswith("/") else path.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.resolve().is_relative_to(site.resolve()):
                broken.append(f"{path.relative_to(site)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(site)} -> {link} (no such id)")
    return broken


def duplicate_ids(path: Path) -> list[str]:
    seen, dupes = set(), []
    for _, attrs in parse(path).elements:
        if "id" in attrs:
            if attrs["id"] in seen:
                dupes.append(attrs["id"])
            seen.add(attrs["id"])
    return dupes


def indexed_pages(site: Path) -> list[str]:
    """The site-relative files of the pages that have a search document: every source and
    term page."""
    return sorted(p.relative_to(site).as_posix() for p in site.glob("*/*/index.html")
                  if p.parts[-3] in ("sources", "glossary"))
