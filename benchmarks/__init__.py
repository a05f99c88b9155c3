"""The performance benchmark of the ``analysis`` package (``make bench``; see ``README.md``)."""
