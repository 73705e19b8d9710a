"""Japanese committee papers (PDF or extracted text) → validated JSON documents."""

__version__ = "0.1.0"
