"""Server addresses with their passwords hidden, in every form the driver reads."""

from __future__ import annotations

import pytest

from studytool.core.text import without_passwords


@pytest.mark.parametrize(
    ("text", "shown"),
    [("postgresql://alice:s3cret@db/class", "postgresql://alice:***@db/class"),
     ("['studytool', 'sync', 'postgres://al:p@ss/w rd@db:5432/c']",
      "['studytool', 'sync', 'postgres://al:***@db:5432/c']"),
     ("POSTGRESQL://a:b@h", "POSTGRESQL://a:***@h"),
     ("postgresql://a@h/db?sslmode=require&password=s3cret&x=1",
      "postgresql://a@h/db?sslmode=require&password=***&x=1"),
     ("host=h password='s3 cret' dbname=c", "host=h password=*** dbname=c"),
     ("postgresql://alice@db/class", "postgresql://alice@db/class"),
     ("see https://example.org/a:b for help", "see https://example.org/a:b for help")],
)  # fmt: skip
def test_every_form_of_password_is_hidden_and_nothing_else(text: str, shown: str) -> None:
    assert without_passwords(text) == shown
