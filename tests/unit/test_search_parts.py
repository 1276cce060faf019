"""How a site's search index is split: the number of parts by the number of pages, and
which part each page belongs to."""
from __future__ import annotations

import pytest

from sitegen.output import search

COUNTS = [  # (pages, parts)
    (0, 1),
    (1, 1),
    (1000, 1),  # a part holds about PART_PAGES pages or more
    (1001, 2),
    (2000, 2),
    (2001, 4),
    (4001, 8),
    (8001, 16),
    (10_400, 16),  # the 10,000-source corpus: parts of 650, each indexed in about 200 MB
    (1_000_000, 16),  # never more than MAX_PARTS
]


@pytest.mark.parametrize("pages, parts", COUNTS)
def test_part_count(pages, parts):
    assert search.part_count(pages) == parts


def test_every_page_is_in_one_part_and_the_top_pages_in_the_first():
    files = ["index.html", "search/index.html", "glossary/index.html",
             *(f"sources/doc-{n:05}/index.html" for n in range(5000))]
    groups = search.parts(files)
    assert len(groups) == 8 and sorted(f for g in groups.values() for f in g) == sorted(files)
    assert {"index.html", "search/index.html", "glossary/index.html"} <= set(groups[search.BUNDLE])
    assert all(len(g) > 400 for g in groups.values())  # a hash spreads the pages evenly
