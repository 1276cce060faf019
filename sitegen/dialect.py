"""The one Markdown dialect of sources and annotations: CommonMark and tables, no raw HTML."""
from __future__ import annotations

from markdown_it import MarkdownIt


def markdown() -> MarkdownIt:
    """A parser of the dialect (markdown-it-py)."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")
