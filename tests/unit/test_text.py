"""A source's text and its maps, and its HTML in parts: no tokens kept."""
from __future__ import annotations

import pickle

from sitegen.diagnostics import Location
from sitegen.model import Source
from sitegen.stages.text import TAG, TEXT, source_text
from sitegen.stages.wrap import wrap

BODY = ("PUTIN: Colleagues, *good* afternoon.\n\n- a tight list item\n\n"
        "TOKAYEV: Thank you. The CSTO responded.\n")


def test_the_html_is_kept_in_parts_with_block_ids_not_tokens():
    text = source_text(Source("s", "seeds/s.md", "Summit", "", "", "", "transcript", "", "",
                              5, Location("seeds/s.md")), BODY)
    assert not any("token" in name for name in vars(text))  # most of a large corpus's memory
    assert [b.before for b in text.blocks] == [
        '<p id="p-1" class="turn" data-speaker="PUTIN">', "</p>\n<ul>\n<li id=\"p-2\">",
        '</li>\n</ul>\n<p id="p-3" class="turn" data-speaker="TOKAYEV">']
    assert text.after == "</p>\n"
    first = text.blocks[0]
    assert [(p.kind, text.visible[p.start:p.end], p.html) for p in first.parts] == [
        (TEXT, "PUTIN: Colleagues, ", ""), (TAG, "", "<em>"), (TEXT, "good", ""),
        (TAG, "", "</em>"), (TEXT, " afternoon.", "")]
    html = wrap(text, (), lambda mark: None)
    assert html == ('<p id="p-1" class="turn" data-speaker="PUTIN">PUTIN: Colleagues, <em>good</em>'
                    ' afternoon.</p>\n<ul>\n<li id="p-2">a tight list item</li>\n</ul>\n'
                    '<p id="p-3" class="turn" data-speaker="TOKAYEV">TOKAYEV: Thank you. The CSTO '
                    'responded.</p>\n')
    assert wrap(pickle.loads(pickle.dumps(text)), (), lambda mark: None) == html
