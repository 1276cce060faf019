"""Warnings that keep the editorial layer healthy, without failing a build (unless
`--strict`): glossary forms that match nowhere, terms nothing leads to, and terms whose
forms overlap so that one hides the other."""
from __future__ import annotations

import re
from functools import lru_cache

from ..diagnostics import Diagnostic, warning
from ..model import Corpus, Links, Term
from .text import fold_quote
from .validate import SITE_LINK


@lru_cache(maxsize=1 << 16)
def _key(form: str, case_sensitive: bool) -> str:
    folded = fold_quote(form)
    return folded if case_sensitive else folded.casefold()


def forms_seen(forms: tuple[dict[str, tuple[str, ...]], ...]) -> set[str]:
    """Every word a term was found as, in any source (each survey's `forms`)."""
    return {form for found in forms for words in found.values() for form in words}


def lint(corpus: Corpus, matched: set[str], links: Links, overlapping: list[Diagnostic]
         ) -> list[Diagnostic]:
    """The warnings: `matched`, every word a term was found as (forms_seen);
    `overlapping`, what overlaps() found of the glossary."""
    problems = []
    matched_anycase = {m.casefold() for m in matched}
    for term in corpus.terms.values():
        seen = matched if term.case_sensitive else matched_anycase
        unmatched = [f for f in dict.fromkeys(term.forms) if _key(f, term.case_sensitive) not in seen]
        if len(unmatched) == len(set(term.forms)):
            problems.append(warning(term.where, f"'{term.id}' matches nowhere: neither '{term.name}'"
                                                " nor an alias occurs in any source; add the "
                                                "spelling the texts use as an alias", "term-unmatched"))
            continue
        for alias in unmatched:
            if alias != term.name:
                problems.append(warning(term.where, f"the alias '{alias}' of '{term.id}' occurs "
                                                    "in no source: check its spelling, or remove "
                                                    "it", "alias-unmatched"))
    reached = {t for t, mentions in links.mentions.items() if mentions}
    reached |= {other for term in corpus.terms.values() for other in term.see_also}
    reached |= {target for _, kind, target in corpus.written if kind == "term"}
    reached |= {target for kind, target in SITE_LINK.findall(corpus.intro) if kind == "term"}
    for term in corpus.terms.values():
        if term.id not in reached:
            problems.append(warning(term.where, f"nothing leads to '{term.id}': no source "
                                                "mentions it and no annotation links to it "
                                                "(see_also or term:…); readers find it only in "
                                                "the glossary index", "term-unreached"))
    return problems + overlapping


def overlaps(terms: tuple[Term, ...]) -> list[Diagnostic]:
    """Forms of two terms that can overlap in a text without one holding the other ("Collective
    Security" and "Security Council"): where they meet, the first one hides the second."""
    forms = [(term, re.findall(r"\w+", _key(form, term.case_sensitive).casefold()), form)
             for term in terms for form in dict.fromkeys(term.forms)]
    starts: dict[str, list] = {}
    for entry in forms:
        if entry[1]:
            starts.setdefault(entry[1][0], []).append(entry)
    problems, seen = [], set()
    for term, words, form in forms:
        for k in range(1, len(words)):
            for other, other_words, other_form in starts.get(words[-k], ()):
                crossing = len(other_words) > k and other_words[:k] == words[-k:]
                if crossing and other.id != term.id and (term.id, other.id) not in seen:
                    seen.add((term.id, other.id))
                    problems.append(warning(term.where, f"'{form}' ({term.id}) and '{other_form}'"
                                                        f" ({other.id}) overlap: where they meet "
                                                        "in a text, the first hides the second",
                                                        "forms-overlap"))
    return problems
