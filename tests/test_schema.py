"""The published JSON Schema is generated from the models and every output conforms to it."""

import json

import jsonschema

from pipeline.models import document_json_schema
from tests.conftest import REPO

SCHEMA_PATH = REPO / "schemas" / "document.schema.json"


def test_published_schema_is_in_sync_with_models() -> None:
    published = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert published == document_json_schema(), "schemas/ is stale: run `python -m pipeline schema`"


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(document_json_schema())


def test_committed_outputs_conform_to_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(document_json_schema())
    outputs = sorted((REPO / "parsed").glob("*.json"))
    assert outputs, "parsed/ should ship the outputs of the samples in raw/"
    for path in outputs:
        errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path.name}: {errors[0].message}"


def test_every_field_is_described() -> None:
    """The schema is the contract other tools read: no field without a description."""
    schema = document_json_schema()
    undocumented = []
    for name, definition in [("Document", schema), *schema["$defs"].items()]:
        for field, spec in definition.get("properties", {}).items():
            if "description" not in spec:
                undocumented.append(f"{name}.{field}")
    assert undocumented == []
