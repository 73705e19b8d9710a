"""Japanese committee papers (PDF or extracted text) → validated JSON documents."""

__version__ = "0.1.0"
# Version of the JSON contract in pipeline.models (semver). Kept here, not in
# models.py, so the batch runner can compare versions without importing pydantic.
SCHEMA_VERSION = "2.0.0"
