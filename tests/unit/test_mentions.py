"""Each term's mentions made again from an earlier run's where some sources mention
otherwise (jobs.mentions_again) are those made whole (jobs.mentions), or it says it cannot
make them so (a term came to be mentioned, or no longer is)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sitegen.diagnostics import Location
from sitegen.model import Mentioned, Source
from sitegen.stages.pages.jobs import mentions, mentions_again

SOURCES = tuple(Source(f"s{n}", f"seeds/s{n}.md", f"S{n}", "", "", f"2022-01-0{n + 1}", "news", "",
                       "", 1, Location(f"seeds/s{n}.md", 1, 1)) for n in range(6))
TERMS = ("a", "b", "c", "d")

# what one source's survey mentions: some of the terms, each so many times, shown so
surveyed = st.dictionaries(st.sampled_from(TERMS), st.tuples(st.integers(1, 3), st.sampled_from("xyz")),
                           max_size=4).map(lambda found: {t: Mentioned(n, shown, ()) for t, (n, shown) in
                                                          sorted(found.items())})
corpus = st.tuples(*(surveyed for _ in SOURCES)).map(lambda found: dict(zip((s.id for s in SOURCES), found)))


def whole(mentioned: dict) -> tuple[dict, dict]:
    return mentions(SOURCES, tuple(mentioned[s.id] for s in SOURCES))


@given(corpus, st.lists(st.tuples(st.sampled_from([s.id for s in SOURCES]), surveyed), max_size=3))
def test_made_again_equals_made_whole(before, edits):
    after = {**before, **dict(edits)}
    changed = {s for s in after if after[s] != before[s]}
    again = mentions_again(whole(before), SOURCES, after, changed, before)
    made = whole(after)
    if again is None:  # only where the mentioned terms differ
        assert set(made[0]) != set(whole(before)[0])
    else:
        assert again == made
        assert list(again[0]) == list(made[0])  # in the same order
