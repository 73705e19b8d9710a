"""Extractors: turn one source (PDF bytes or extracted text) into a :class:`~pipeline.layout.Layout`."""
