"""The JSON Schema editors use agrees with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import BROKEN, ROOT, VALID

from studytool.deck.spec import json_schema, json_schema_text


def test_bundled_schema_file_is_the_one_studytool_prints() -> None:
    assert (ROOT / "decks" / "deck.schema.json").read_text() == json_schema_text()


def test_schema_is_itself_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize(
    "path", [*sorted((ROOT / "decks").glob("*.yaml")), VALID / "every-type.yaml"],
    ids=lambda p: p.stem,
)  # fmt: skip
def test_decks_the_loader_accepts_satisfy_the_schema(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text()), json_schema())


@pytest.mark.parametrize("name", ["unknown-keys", "missing-fields", "wrong-types"])
def test_schema_flags_what_the_loader_flags(name: str) -> None:
    document = yaml.safe_load((BROKEN / f"{name}.yaml").read_text())
    errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(document))
    assert errors


def test_every_card_type_has_its_own_required_keys() -> None:
    card = json_schema()["$defs"]["card"]
    required = {rule["if"]["properties"]["type"]["const"]: rule["then"]["required"]
                for rule in card["allOf"]}  # fmt: skip
    assert required["mcq"][-2:] == ["question", "options"]
    assert "steps" in required["order"] and "text" in required["cloze"]
    assert json.dumps(json_schema())  # serialisable as printed
