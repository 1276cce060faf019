"""A link or image in annotation Markdown or in a source text may lead only to http:,
https:, mailto:, a relative path or a page of the site; any other scheme is an error at
its file and line, however the link is disguised."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen import check, load_config
from sitegen.stages.theme import SITE_LINKS
from sitegen.stages.validate import LINK_SCHEMES, bad_links, parsed_bad_links

from ..conftest import make_project

REFUSED = {
    "javascript": "[x](javascript:alert(1))",
    "upper case": "[x](JaVaScRiPt:alert(1))",
    "vbscript": "[x](vbscript:msgbox(1))",
    "data link": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "data image": "![x](data:image/png;base64,iVBORw0KGgo=)",
    "file": "[x](file:///etc/passwd)",
    "leading space": "[x](   javascript:alert(1))",
    "leading control": "[x](<\x01javascript:alert(1)>)",
    "tab inside": "[x](<java\tscript:alert(1)>)",
    "hex character reference": "[x](jav&#x61;script:alert(1))",
    "decimal character reference": "[x](&#106;avascript:alert(1))",
    "named character reference": "[x](javascript&colon;alert(1))",
    "percent-encoded": "[x](jav%61script:alert(1))",
    "percent-encoded twice": "[x](jav%2561script:alert(1))",
    "autolink": "<javascript:alert(1)>",
    "reference": "[x][r]\n\n[r]: vbscript:msgbox(1)",  # reported where it is used
    "image": "![x](javascript:alert(1))",
    "in a table": "| a |\n| - |\n| [x](javascript:alert(1)) |",
    "on a later line": "Some words\nand more\n[x](javascript:alert(1))",
}
ALLOWED = {
    "https": "[x](https://example.org/a?b=c#d)",
    "http": "[x](http://example.org/)",
    "mailto": "[x](mailto:editor@example.org)",
    "relative": "[x](../glossary/csto/) and [y](#p-3) and ![z](img/a.png)",
    "site links": "[x](term:csto), [y](crossref:concern) and [z](source:alpha#p-1)",
    "a colon in text": "Time: 10:45. Not a link: javascript:alert(1)",
    "code": "`[x](javascript:alert(1))`",
}


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_refused(text):
    [(line, _, scheme)] = bad_links(text)
    assert scheme in ("javascript", "vbscript", "data", "file")
    assert line == text[:max(text.find("x]"), 0)].count("\n")  # the line of the link's text


@pytest.mark.parametrize("text", ALLOWED.values(), ids=ALLOWED.keys())
def test_allowed(text):
    assert bad_links(text) == []


# Links of every form, to destinations with every disguise of a scheme, among pieces of
# Markdown that can break them.
PIECES = ["[x]", "[r]", "]:", "](", "<", ">", ")", "(", " ", "\n", "\n\n", "\t", "\\", "`",
          "| a |\n| - |\n| ", "words ", ": ", "\x01"]
SCHEMES = ["javascript:", "JaVa\tScript:", "jav&#x61;script:", "&#106;avascript:",
           "javascript&colon;", "javascript\\:", "jav%61script:", "jav%2561script:",
           "java\\script:", "\x01javascript:", "data:", "file:", "vbscript:", "ftp:", "http:",
           "https:", "mailto:", "term:", "../", "#p-1", ""]
FORMS = ["[x]({})", "![x]({})", "[x]( \n{})", "[x](<{}>)", "<{}>", "[x][r]\n\n[r]: {}",
         "[r]:\n  <{}>"]
link = st.builds(lambda form, scheme, rest: form.format(scheme + rest), st.sampled_from(FORMS),
                 st.sampled_from(SCHEMES), st.sampled_from(["alert(1)", "x", "", "a b", "//e.org"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(link, st.sampled_from(PIECES)), max_size=8).map("".join))
def test_the_quick_check_finds_what_a_parse_finds(text):
    """bad_links skips the parse when no place a link can start names a bad scheme: it
    must find exactly what parsing finds, whatever the text."""
    assert bad_links(text) == parsed_bad_links(text)


def test_site_links_are_allowed_schemes():
    assert set(SITE_LINKS) <= set(LINK_SCHEMES)


def test_check_names_file_line_field_and_fix(tmp_path):
    root = make_project(tmp_path / "p", {
        "annotations/glossary/csto.yaml": "term: CSTO\nsummary: An [alliance](jav&#x61;script:x).\n"
                                          "body: |\n  Text.\n\n  ![x](data:image/png;base64,AA)\n",
        "annotations/notes/alpha.yaml": "- quote: 100 soldiers\n  kind: context\n"
                                        "  note: \"[see](JAVASCRIPT:alert(1))\"\n",
        "annotations/crossrefs/concern.yaml": "relation: context\nnote: <vbscript:x>\npassages:\n"
                                              "  - {source: alpha, quote: concern and worry}\n"
                                              "  - {source: beta, quote: causes concern}\n",
        "seeds/gamma.md": "---\ntitle: G\nkind: news\n---\n\nFirst.\n\nA [link](  javascript:"
                          "alert(1)) here.\n",
    })
    result = check(load_config(root)[0])
    fix = ("which is not allowed: link to an http:, https: or mailto: address, a relative "
           "path, or term:, crossref: or source:, or remove the link")
    assert [str(d) for d in result.diagnostics if d.code == "link-scheme"] == [
        (f"annotations/crossrefs/concern.yaml:2:7: error: the link 'vbscript:x' in 'note' uses "
        f"'vbscript:', {fix}"),
        (f"annotations/glossary/csto.yaml:2:10: error: the link 'javascript:x' in 'summary' "
        f"uses 'javascript:', {fix}"),
        (f"annotations/glossary/csto.yaml:3:7: error: the link 'data:image/png;base64,AA' in "
        f"'body' uses 'data:', {fix}"),
        (f"annotations/notes/alpha.yaml:3:9: error: the link 'JAVASCRIPT:alert(1)' in 'note' "
        f"uses 'javascript:', {fix}"),
        (f"seeds/gamma.md:8:1: error: the link 'javascript:alert(1)' in the text uses "
        f"'javascript:', {fix}"),
    ]
    assert not result.ok
