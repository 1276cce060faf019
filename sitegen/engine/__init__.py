"""How the stages run: the runner (runner.py: memo, build cache, cores), the steps it runs
(steps.py), the pages rendered and the site published (site.py, render.py, publish.py),
and what they are made with: the memo, the cache, the workers, the spill file, what tells
that an output is up to date (fresh.py, inputs.py) and the progress a long run tells."""
