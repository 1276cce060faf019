"""`{% kept … %}`: a part of a template kept while the values it names are unchanged."""
from __future__ import annotations

import gc

import jinja2

from sitegen.stages.fragments import KeptFragments


class Item:
    def __init__(self, name: str) -> None:
        self.name = name


def environment(calls: list[str]) -> tuple[jinja2.Environment, jinja2.Template]:
    env = jinja2.Environment(extensions=[KeptFragments], autoescape=True)
    env.globals["seen"] = lambda name: calls.append(name) or ""
    template = env.from_string(
        "{% for x in items %}{% kept x, suffix %}<li>{{ seen(x.name) }}{{ x.name }}{{ suffix }}"
        "</li>{% endkept %}{% endfor %}")
    return env, template


def test_a_part_is_rendered_again_only_when_a_value_it_names_changes():
    calls: list[str] = []
    env, template = environment(calls)
    a, b = Item("a<"), Item("b")
    assert template.render(items=[a, b], suffix="!") == "<li>a&lt;!</li><li>b!</li>"
    assert calls == ["a<", "b"]
    assert template.render(items=[a, b], suffix="!") == "<li>a&lt;!</li><li>b!</li>"
    assert calls == ["a<", "b"]  # both kept
    c = Item("c")
    assert template.render(items=[a, c], suffix="!") == "<li>a&lt;!</li><li>c!</li>"
    assert calls == ["a<", "b", "c"]  # another object: rendered
    assert template.render(items=[a, c], suffix="?") == "<li>a&lt;?</li><li>c?</li>"
    assert calls == ["a<", "b", "c", "a<", "c"]  # another value named: rendered


def test_a_kept_part_goes_with_its_first_value():
    calls: list[str] = []
    env, template = environment(calls)
    items = [Item(str(n)) for n in range(10)]
    template.render(items=items, suffix="")
    kept = next(iter(env.extensions.values())).kept
    assert len(kept) == 10
    del items
    gc.collect()
    assert kept == {}


def test_values_that_cannot_be_weakly_referred_to_are_compared():
    env = jinja2.Environment(extensions=[KeptFragments])
    template = env.from_string("{% kept name %}{{ name }}{% endkept %}")
    assert template.render(name="a") == "a"
    assert template.render(name="b") == "b"
