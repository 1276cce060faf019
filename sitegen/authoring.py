"""New annotation files for editors, from templates with the required keys and a comment for
each (`sitegen new`)."""
from __future__ import annotations

from pathlib import Path

from .config import Config
from .model import ID

TEMPLATES = {
    "term": ("glossary", """\
# A glossary term: every occurrence of the term or an alias in every source is linked here.
term: {title}                 # the display name, as the texts write it
aliases: []                   # other spellings the texts use, e.g. [Zas, Stansilav Zas]
summary: >                    # one or two sentences, shown in the preview
  TODO
# body: |                     # optional: the term page's longer text (Markdown)
# see_also: []                # optional: ids of related terms
"""),
    "crossref": ("crossrefs", """\
# A cross-reference: passages in different sources that speak to each other.
relation: same-statement      # same-statement | corroborates | contradicts | context
note: |                       # what the reader should notice
  TODO
passages:                     # two or more; `sitegen quote SOURCE "words"` writes these
  - source: source-id
    quote: "TODO"
  - source: other-source-id
    quote: "TODO"
"""),
    "note": ("notes", """\
# Notes on passages of one source (this file is named after it).
- quote: "TODO"               # the exact words; `sitegen quote {id} "words"` checks them
  kind: context               # context | fact-check | sic | translation
  id: {id}-1                  # a short, stable id, unique across the layer
  note: |
    TODO
"""),
}


def new_annotation(config: Config, kind: str, annotation_id: str) -> Path:
    """Write annotations/<folder>/<id>.yaml from the kind's template; never overwrite."""
    if not ID.fullmatch(annotation_id):
        raise ValueError(f"'{annotation_id}' is not a valid id: use lowercase letters, digits "
                         "and single hyphens, e.g. 'troop-figures'")
    folder, template = TEMPLATES[kind]
    path = config.annotations_dir / folder / f"{annotation_id}.yaml"
    if path.exists():
        raise FileExistsError(f"{path.relative_to(config.root)} exists already: edit it, or "
                              "choose another id")
    path.parent.mkdir(parents=True, exist_ok=True)
    title = annotation_id.replace("-", " ").title()
    path.write_text(template.format(id=annotation_id, title=title), "utf-8")
    return path
