"""The sync server's schema, as ordered migrations of SQL statements.

Everything lives in the ``studytool`` schema; ``studytool.migrations`` records each
migration applied. Migration N brings the schema from version N-1 to N, and all that a run
applies commits together. Each row belongs to a learner, the PostgreSQL login that wrote it:
a login in the ``studytool_learner`` role reads and writes its own rows only; one in
``studytool_instructor`` reads everyone's. Nobody may change or delete a logged row.
"""

from __future__ import annotations

LEARNER = "studytool_learner"
INSTRUCTOR = "studytool_instructor"
LOGGED = ("reviews", "events", "flags")
"""The tables that hold learners' logs: append-only, each row its learner's."""

_ROLE = """DO $$ BEGIN CREATE ROLE {role} NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL; END $$"""
# A table's rows as its learner's own: visible to them and the instructors only.
_OWN_ROWS = [
    "ALTER TABLE studytool.{table} ENABLE ROW LEVEL SECURITY",
    f"CREATE POLICY own_rows ON studytool.{{table}} TO {LEARNER} "
    "USING (learner = current_user::text) WITH CHECK (learner = current_user::text)",
    f"CREATE POLICY class_reads ON studytool.{{table}} FOR SELECT TO {INSTRUCTOR} USING (true)",
    f"GRANT SELECT ON studytool.{{table}} TO {INSTRUCTOR}",
]

_FIRST = [
    "CREATE TABLE studytool.learners (learner text PRIMARY KEY DEFAULT current_user::text, "
    "name text NOT NULL, joined timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE studytool.reviews (learner text NOT NULL DEFAULT current_user::text, "
    "device text NOT NULL, seq bigint NOT NULL, at text NOT NULL, day text NOT NULL, "
    "deck_id text NOT NULL, card_id text NOT NULL, kind text NOT NULL, "
    "quality integer NOT NULL, correct integer NOT NULL, answer text, "
    "seconds double precision, before text NOT NULL, after text NOT NULL, session text, "
    "PRIMARY KEY (learner, device, seq))",
    "CREATE INDEX reviews_card ON studytool.reviews (deck_id, card_id)",
    "CREATE TABLE studytool.events (learner text NOT NULL DEFAULT current_user::text, "
    "device text NOT NULL, seq bigint NOT NULL, at text NOT NULL, deck_id text NOT NULL, "
    "card_id text NOT NULL, kind text NOT NULL, after_review bigint NOT NULL, "
    "review_device text, review_seq bigint, day text, PRIMARY KEY (learner, device, seq))",
    "CREATE TABLE studytool.flags (learner text NOT NULL DEFAULT current_user::text, "
    "device text NOT NULL, seq bigint NOT NULL, at text NOT NULL, deck_id text NOT NULL, "
    "card_id text NOT NULL, note text, PRIMARY KEY (learner, device, seq))",
    _ROLE.format(role=LEARNER),
    _ROLE.format(role=INSTRUCTOR),
    f"GRANT USAGE ON SCHEMA studytool TO {LEARNER}, {INSTRUCTOR}",
    f"GRANT SELECT ON studytool.migrations TO {LEARNER}, {INSTRUCTOR}",
    *(f"GRANT SELECT, INSERT ON studytool.{table} TO {LEARNER}" for table in LOGGED),
    f"GRANT SELECT, INSERT, UPDATE (name) ON studytool.learners TO {LEARNER}",
    *(step.format(table=table) for table in (*LOGGED, "learners") for step in _OWN_ROWS),
    # The log is append-only here too, whoever connects: the owner's own login included.
    "CREATE FUNCTION studytool.refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION '% is an append-only log', TG_TABLE_NAME; END $$",
    *(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON studytool.{table} "
        "FOR EACH ROW EXECUTE FUNCTION studytool.refuse_change()"
        for table in LOGGED
    ),
]

MIGRATIONS: list[list[str]] = [_FIRST]
SERVER_VERSION = len(MIGRATIONS)

BOOKKEEPING = [
    "CREATE SCHEMA IF NOT EXISTS studytool",
    "CREATE TABLE IF NOT EXISTS studytool.migrations (version integer PRIMARY KEY, "
    "applied timestamptz NOT NULL DEFAULT now())",
]
"""What must be there before migration 1: where the applied migrations are recorded."""
