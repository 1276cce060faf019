"""Tables of the small conversions everything rests on: folding typographic variants (and
mapping back), the site's addresses, and where a theme is found."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import urls
from sitegen.config import Config, bundled_themes
from sitegen.stages.text import fold

FOLDS = [  # text, its folded form, and for each folded offset the original one
    ("plain", "plain", [0, 1, 2, 3, 4]),
    ("“quoted”", '"quoted"', [0, 1, 2, 3, 4, 5, 6, 7]),
    ("it’s", "it's", [0, 1, 2, 3]),
    ("a—b – c", "a-b - c", [0, 1, 2, 3, 4, 5, 6]),
    ("a  \n b", "a b", [0, 1, 5]),  # a run of white space is one space, at the run's start
    ("wait…", "wait...", [0, 1, 2, 3, 4, 4, 4]),  # an ellipsis is three dots, at its place
    ("soft\u00adhyphen", "softhyphen", [0, 1, 2, 3, 5, 6, 7, 8, 9, 10]),  # invisible: gone
    ("non\u00a0breaking", "non breaking", list(range(12))),
]


@pytest.mark.parametrize("text,folded,offsets", FOLDS, ids=[f[0] for f in FOLDS])
def test_fold_and_back(text, folded, offsets):
    found = fold(text)
    assert found.text == folded
    assert [found.to_original(i) for i in range(len(folded))] == offsets


@pytest.mark.parametrize("text,start,end,original", [
    ("a  \n b", 0, 3, (0, 6)),  # the span over the folded run covers the whole run
    ("“quoted”", 1, 7, (1, 7)),
    ("wait…", 4, 7, (4, 5)),  # the three dots are the one character
    ("x", 1, 1, (1, 1)),  # empty, at the end
])
def test_a_folded_span_maps_to_the_original_it_covers(text, start, end, original):
    assert fold(text).span_to_original(start, end) == original


@pytest.mark.parametrize("url,file,root,relative_to_home", [
    ("", "index.html", "", "./"),
    ("glossary/", "glossary/index.html", "../", "glossary/"),
    ("glossary/csto/", "glossary/csto/index.html", "../../", "glossary/csto/"),
    ("sources/a-b/", "sources/a-b/index.html", "../../", "sources/a-b/"),
    ("glossary/csto/page/2/", "glossary/csto/page/2/index.html", "../../../../", "glossary/csto/page/2/"),
    ("annotations.jsonld", "annotations.jsonld", "", "annotations.jsonld"),
    ("404.html", "404.html", "", "404.html"),
])
def test_urls(url, file, root, relative_to_home):
    assert urls.file_of(url) == file
    assert urls.root_of(url) == root
    assert urls.relative(urls.HOME, url) == relative_to_home
    assert urls.relative(url, urls.HOME) == (root or "./")
    assert urls.is_page(url) == url.endswith("/") or url == ""


@pytest.mark.parametrize("url,number,paged", [
    ("", 1, ""), ("", 2, "page/2/"), ("crossrefs/", 3, "crossrefs/page/3/"),
    ("glossary/csto/", 1, "glossary/csto/"), ("glossary/csto/", 12, "glossary/csto/page/12/"),
])
def test_paged_urls(url, number, paged):
    assert urls.paged(url, number) == paged


def _theme(root: Path, where: str) -> Path:
    (root / where / "templates").mkdir(parents=True)
    return root / where


@pytest.mark.parametrize("theme,folders,found", [
    ("default", [], "bundled"),  # no theme of the project's: the bundled one
    ("default", ["themes/default"], "themes/default"),  # the project's own copy first
    ("mine", ["themes/mine"], "themes/mine"),
    ("custom/look", ["custom/look"], "custom/look"),  # a path in the project
    ("mine", ["mine", "themes/mine"], "themes/mine"),  # themes/ first, then the path
    ("nowhere", [], "themes/nowhere"),  # none: where it would be (an error names it)
])
def test_where_a_theme_is_found(tmp_path, theme, folders, found):
    for folder in folders:
        _theme(tmp_path, folder)
    expected = bundled_themes() / theme if found == "bundled" else tmp_path / found
    assert Config(tmp_path, theme=theme).theme_dir == expected
