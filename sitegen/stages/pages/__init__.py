"""The site's pages: each as a job (jobs.py) whose context (contexts.py) one function per
kind of page makes (kinds.py), with the views of passages and citations they show
(views.py), long lists in pages (paging.py), and the open data's files (opendata.py)."""
