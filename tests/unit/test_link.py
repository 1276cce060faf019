"""Glossary matching, table-driven: fixtures/anchor/terms.md gives terms, a text, and the
text with each occurrence marked [[term-id:words]]."""
from __future__ import annotations

import pytest
import yaml

from sitegen.diagnostics import Location
from sitegen.link import link, matcher, term_spans
from sitegen.model import Corpus, Term

from ..conftest import FIXTURES, read_cases
from .test_anchor import text_of


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
    links = link(Corpus(terms=terms), {"test": text}, {})
    assert [m.id for m in links.mentions["csto"]] == ["t-csto-1", "t-csto-2"]
    assert [m.id for m in links.mentions["zas"]] == ["t-zas-1"]
    assert [m.kind for m in links.marks["test"]] == ["term", "term", "term"]


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
