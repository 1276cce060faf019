"""Glossary matching, table-driven: fixtures/anchor/terms.md gives terms, a text, and the
text with each occurrence marked [[term-id:words]]."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
import yaml

from sitegen.diagnostics import Location
from sitegen.stages.link import link_source, matcher, term_spans, text_marks
from sitegen.model import Term

from ..conftest import FIXTURES, read_cases
from ..conftest import text_of


def terms_of(table: str) -> dict[str, Term]:
    terms = {}
    for term_id, spec in yaml.safe_load(table).items():
        terms[term_id] = Term(term_id, spec["term"], tuple(spec.get("aliases", ())),
                              spec.get("case_sensitive", True), "", "", (), Location("t"))
    return terms


@pytest.mark.parametrize("table,body,expected", read_cases(FIXTURES / "anchor/terms.md", 3))
def test_terms(table, body, expected):
    text = text_of(body)
    out, last = [], 0
    for term_id, start, end, _ in term_spans(text, matcher(terms_of(table))):
        out += [text.visible[last:start], f"[[{term_id}:{text.visible[start:end]}]]"]
        last = end
    assert "".join(out) + text.visible[last:] == expected


def test_mentions_are_numbered_per_source_and_term():
    terms = terms_of("csto: {term: CSTO}\nzas: {term: Zas}")
    text = text_of("CSTO and Zas. CSTO again.")
    own, forms = text_marks(text, matcher(terms))
    _, _, marks = link_source(text, (), own)
    assert [m.id for m in marks if m.ref == "csto"] == ["t-csto-1", "t-csto-2"]
    assert [m.id for m in marks if m.ref == "zas"] == ["t-zas-1"]
    assert [m.kind for m in marks] == ["term", "term", "term"]
    assert forms == {"csto": ("CSTO",), "zas": ("Zas",)}


def test_transcript_turns_keep_their_speaker():
    text = text_of("Prime Minister of Armenia Nikol Pashinyan: Good morning.\n\nMore words.\n\n"
                   "President of Russia Vladimir Putin: Thank you.\n\nNikol Pashinyan: Goodbye.",
                   kind="transcript")
    assert [(t.speaker, t.first, t.last) for t in text.turns] == [
        ("Nikol Pashinyan", 0, 1), ("Vladimir Putin", 2, 2), ("Nikol Pashinyan", 3, 3)]
    assert text.turn_at(text.visible.index("More")).speaker == "Nikol Pashinyan"
    assert text.turns[0].label == "Prime Minister of Armenia Nikol Pashinyan"


def test_sentences_with_colons_are_not_turns():
    text = text_of("The holding of our summit is linked with extreme events: many died.\n\n"
                   "Published in sections: News", kind="transcript")
    assert text.turns == ()


def _trie_by_the_book(words: list[str]) -> str:
    """The prefix-tree expression written plainly, one call per character."""
    import re

    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


@given(st.lists(st.text(st.sampled_from(list("abAB -.()’é")), min_size=1, max_size=8), max_size=30))
def test_the_prefix_tree_expression_is_the_one_written_plainly(words):
    """Runs of single branches are written without a call each; the expression is the same."""
    from sitegen.stages.link import _trie

    assert _trie(sorted(set(words))) == _trie_by_the_book(sorted(set(words)))
