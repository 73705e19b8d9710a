"""SQLite archive of parsed documents: tables derived from the models, FTS5 search, Datasette metadata.

``tables`` derives the layout from :mod:`pipeline.models`, ``rows`` turns one
document into rows, ``load`` writes them incrementally in one transaction,
``search`` queries across kinds, ``metadata`` generates Datasette's descriptions,
``cli`` registers the ``export`` and ``search`` commands.
"""

ROOT = "documents"  # the root table: one row per document (here so light modules need no pydantic)
