"""`{% kept x, root, sources %}…{% endkept %}`: a part of a template rendered once and kept
while the values it names stay the same objects (or equal ones). For the pages that list
thousands of annotations, such as the cross-reference index, which the preview renders
again after an edit of any one of them. The values must be all that the part reads; the
first one tells the kept parts of one place in the template apart.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable

from jinja2 import nodes
from jinja2.ext import Extension


class KeptFragments(Extension):
    tags = {"kept"}

    def __init__(self, environment) -> None:
        super().__init__(environment)
        # (template:line, id of the first value) -> (the first value, weakly; the others;
        # the part as rendered). An entry goes when its first value does.
        self.kept: dict[tuple[str, int], tuple[Callable[[], Any], tuple, Any]] = {}

    def parse(self, parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        values = parser.parse_tuple()
        body = parser.parse_statements(("name:endkept",), drop_needle=True)
        place = nodes.Const(f"{parser.name}:{lineno}")
        return nodes.CallBlock(self.call_method("_part", [place, values]), [], [], body
                               ).set_lineno(lineno)

    def _part(self, place: str, values: Any, caller: Callable[[], Any]) -> Any:
        first, *rest = values if isinstance(values, tuple) else (values,)
        key = (place, id(first))
        entry = self.kept.get(key)
        if entry is None or entry[0]() is not first or (entry[1] != rest):
            entry = self.kept[key] = (self._ref(key, first), rest, caller())
        return entry[2]

    def _ref(self, key: tuple[str, int], value: Any) -> Callable[[], Any]:
        try:
            return weakref.ref(value, lambda _: self.kept.pop(key, None))
        except TypeError:  # a value that cannot be referred to weakly is held
            return lambda: value
