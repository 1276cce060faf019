"""A passage's context is cut from the characters nearest it: the same as cutting it from
its whole paragraph, white space squeezed."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.stages.context import SNIPPET, _context, _window

text = st.lists(st.sampled_from(list("ab cd\n\u00a0 ") + ["word ", "   ", "\n\n"]),
                max_size=300).map("".join)


@given(text, text)
@settings(max_examples=500, deadline=None)
def test_context_from_a_window_is_the_context_of_the_whole(left, right):
    visible = left + "PASSAGE" + right
    start, end = len(left), len(left) + len("PASSAGE")
    assert _context(_window(visible, 0, start, left=True), left=True, whole=False) == \
        _context(left, left=True, whole=False)
    assert _context(_window(visible, end, len(visible), left=False), left=False, whole=False) == \
        _context(right, left=False, whole=False)


def test_a_long_paragraph_is_cut_near_the_passage():
    left = "word " * 1000
    assert len(_window(left + "x", 0, len(left), left=True)) < 8 * SNIPPET
