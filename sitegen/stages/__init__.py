"""The stages of the pipeline, in the order a build runs them, each plain data in and out:

    load → validate → assemble      the files, each on its own, then the corpus across them
    text → anchor → link → survey   each source: parsed, its passages and terms found, and
                                    what the rest of the site needs of it (body.py, context.py,
                                    documents.py, export.py make its parts)
    lint                            warnings across the corpus
    pages/                          every page of the site as a job, and what it shows

`theme.py` is the templates every page is made with. No stage knows of the memo, the build
cache or the cores (sitegen.engine runs them)."""
