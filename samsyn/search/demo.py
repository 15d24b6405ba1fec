"""The search index of a demo partnership (see samsyn.core.demo).

Search is the last app to load, so every record the index covers is there: the index is rebuilt
once here rather than entry by entry while the other apps load.
"""

from . import indexing


def load(partnership, data):
    """Idempotent: loading twice changes nothing."""
    indexing.index_rebuild(partnership)
