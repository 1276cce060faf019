"""A source's text and its maps, and its tokens parsed again when a page needs them."""
from __future__ import annotations

import pickle

from sitegen.diagnostics import Location
from sitegen.model import Source
from sitegen.text import source_text

BODY = ("PUTIN: Colleagues, good afternoon.\n\n- a tight list item\n\n"
        "TOKAYEV: Thank you. The CSTO responded.\n")


def test_tokens_are_parsed_when_asked_for_not_kept():
    text = source_text(Source("s", "seeds/s.md", "Summit", "", "", "", "transcript", "", "",
                              BODY, 5, Location("seeds/s.md")))
    tokens = text.tokens()
    assert "tokens" not in vars(text)  # a large corpus's tokens would be most of its memory
    assert [t.as_dict() for t in text.tokens()] == [t.as_dict() for t in tokens]
    assert tokens is not text.tokens()  # a page's wrapping may change its own copy
    ids = [(t.tag, t.attrGet("id"), t.attrGet("data-speaker")) for t in tokens if t.attrGet("id")]
    assert ids == [("p", "p-1", "PUTIN"), ("li", "p-2", None), ("p", "p-3", "TOKAYEV")]
    again = pickle.loads(pickle.dumps(text))
    assert [t.as_dict() for t in again.tokens()] == [t.as_dict() for t in tokens]
