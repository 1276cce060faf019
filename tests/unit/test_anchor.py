"""Anchoring, table-driven: each case of fixtures/anchor/*.md is a text, a selector, and
the span found (between [[ ]]) or the error an editor gets."""
from __future__ import annotations

import pytest
import yaml

from sitegen.stages.anchor import Miss, find
from sitegen.model import Selector

from ..conftest import FIXTURES, marked, read_cases, text_of


@pytest.mark.parametrize("body,selector,expected", read_cases(FIXTURES / "anchor/quotes.md", 3))
def test_quote(body, selector, expected):
    text = text_of(body)
    result = find(text, Selector(**yaml.safe_load(selector)))
    if isinstance(result, Miss):
        assert f"error: {result.message}" == expected
    else:
        assert marked(text.visible, result.start, result.end) == expected


def test_proposed_disambiguator_anchors():
    """Pasting the proposal of an ambiguity error in makes the quote anchor there."""
    text = text_of("Mr Zas spoke first.\nThen Mr Tokayev spoke at length.\n\nMr Putin spoke.")
    miss = find(text, Selector("spoke"))
    assert isinstance(miss, Miss)
    proposals = miss.message.split("(", 1)[1].rstrip(")").split("; ")
    spans = []
    for proposal in proposals:
        key, value = proposal.split(": ", 1)[1].split(": ", 1)
        span = find(text, Selector("spoke", **{key: yaml.safe_load(value)}))
        assert not isinstance(span, Miss), proposal
        spans.append(span.start)
    assert len(set(spans)) == 3


def test_closest_passage_proposal_anchors():
    text = text_of("Less than 24 hours later, Russia pledged to send troops to Kazakhstan.")
    miss = find(text, Selector("Russia promised to send troops"))
    assert isinstance(miss, Miss) and miss.proposal
    assert not isinstance(find(text, Selector(miss.proposal)), Miss)
