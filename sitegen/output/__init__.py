"""What a build leaves on disk: the site written all or nothing (write.py), and its search
index (search.py)."""
