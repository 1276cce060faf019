"""The open data's targets are written out by hand (a million of them at 10,000 sources):
each must be what json.dumps gives of the target as a dict."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.stages import export
from sitegen.diagnostics import Location
from sitegen.model import Source

text = st.text(st.sampled_from(list('ab "\\\n\t\u2019\u00e9<>&\u2028/-#') + ["\U0001f600"]),
               max_size=120)


def as_dict(source: Source, visible: str, start: int, end: int, base: str) -> bytes:
    exact = visible[start:end]
    found = {"source": f"{base}sources/{source.id}/", "selector": [
        {"type": "TextQuoteSelector", "exact": exact,
         "prefix": visible[max(0, start - export.CONTEXT_CHARS):start],
         "suffix": visible[end:end + export.CONTEXT_CHARS]},
        {"type": "TextPositionSelector", "start": start, "end": end}]}
    if source.url:
        found["scope"] = f"{source.url.split('#')[0]}#{export._fragment(exact)}"
    return json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode()


@given(text, st.data(), st.sampled_from(["", "https://example.org/a#b", 'https://x.org/"q"']),
       st.sampled_from(["", "https://example.org/reader/"]))
@settings(max_examples=300, deadline=None)
def test_a_target_is_its_dict_as_json(visible, data, url, base):
    source = Source("doc-1", "seeds/doc-1.md", "T", "", "", "", "news", "", url, 1,
                    Location("seeds/doc-1.md"))
    start = data.draw(st.integers(0, len(visible)))
    end = data.draw(st.integers(start, len(visible)))
    assert export.target(source, visible, start, end, base) == as_dict(source, visible, start, end, base)
