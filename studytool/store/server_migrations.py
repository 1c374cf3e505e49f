"""The sync server's schema, as ordered migrations of SQL statements.

Everything lives in the ``studytool`` schema; ``studytool.migrations`` records each
migration applied. Migration N brings the schema from version N-1 to N, and all that a run
applies commits together. Each row belongs to a learner, the PostgreSQL login that wrote it
(``session_user``: a ``SET ROLE`` changes nothing). Two roles belong to the database, named
after it (roles are shared by every database of a server, a class is one database): a login
in ``<database>_learner`` reads and writes its own rows only; one in
``<database>_instructor`` reads everyone's. Nobody may change, delete or truncate a logged
row.
"""

from __future__ import annotations

LOGGED = ("reviews", "events", "flags")
"""The tables that hold learners' logs: append-only, each row its learner's."""
ROLE_NAMES = (
    "SELECT quote_ident((current_database() || '_learner')::name), "
    "quote_ident((current_database() || '_instructor')::name)"
)
"""The database's two roles, as SQL names them (cut to PostgreSQL's 63 bytes, quoted
where they need it)."""

_ME = "session_user::text"

_TABLES = [
    f"CREATE TABLE studytool.learners (learner text PRIMARY KEY DEFAULT {_ME}, "
    "name text NOT NULL, joined timestamptz NOT NULL DEFAULT now())",
    f"CREATE TABLE studytool.reviews (learner text NOT NULL DEFAULT {_ME}, "
    "device text NOT NULL, seq bigint NOT NULL, at text NOT NULL, day text NOT NULL, "
    "deck_id text NOT NULL, card_id text NOT NULL, kind text NOT NULL, "
    "quality integer NOT NULL, correct integer NOT NULL, answer text, "
    "seconds double precision, before text NOT NULL, after text NOT NULL, session text, "
    "PRIMARY KEY (learner, device, seq))",
    "CREATE INDEX reviews_card ON studytool.reviews (deck_id, card_id)",
    f"CREATE TABLE studytool.events (learner text NOT NULL DEFAULT {_ME}, "
    "device text NOT NULL, seq bigint NOT NULL, at text NOT NULL, deck_id text NOT NULL, "
    "card_id text NOT NULL, kind text NOT NULL, after_review bigint NOT NULL, "
    "review_device text, review_seq bigint, day text, PRIMARY KEY (learner, device, seq))",
    f"CREATE TABLE studytool.flags (learner text NOT NULL DEFAULT {_ME}, "
    "device text NOT NULL, seq bigint NOT NULL, at text NOT NULL, deck_id text NOT NULL, "
    "card_id text NOT NULL, note text, PRIMARY KEY (learner, device, seq))",
    # The log is append-only here too, whoever connects: the owner's own login included.
    "CREATE FUNCTION studytool.refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION '% is an append-only log', TG_TABLE_NAME; END $$",
    *(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON studytool.{table} "
        "FOR EACH ROW EXECUTE FUNCTION studytool.refuse_change()"
        for table in LOGGED
    ),
    *(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON studytool.{table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION studytool.refuse_change()"
        for table in LOGGED
    ),
]

# The roles' names come from the database, so their grants and policies are made in
# PL/pgSQL, which can quote a name it works out.
_ROLES = f"""DO $$
DECLARE
    learner name := (current_database() || '_learner')::name;
    instructor name := (current_database() || '_instructor')::name;
    logged text;
BEGIN
    IF learner = instructor THEN
        RAISE EXCEPTION 'the database name is too long to name its two roles apart';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = learner) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', learner);
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = instructor) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', instructor);
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA studytool TO %I, %I', learner, instructor);
    EXECUTE format('GRANT SELECT ON studytool.migrations TO %I, %I', learner, instructor);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE (name) ON studytool.learners TO %I', learner);
    FOREACH logged IN ARRAY ARRAY['reviews', 'events', 'flags', 'learners'] LOOP
        EXECUTE format('ALTER TABLE studytool.%I ENABLE ROW LEVEL SECURITY', logged);
        EXECUTE format('CREATE POLICY own_rows ON studytool.%I TO %I '
                       'USING (learner = {_ME}) WITH CHECK (learner = {_ME})',
                       logged, learner);
        EXECUTE format('CREATE POLICY class_reads ON studytool.%I FOR SELECT TO %I '
                       'USING (true)', logged, instructor);
        EXECUTE format('GRANT SELECT ON studytool.%I TO %I', logged, instructor);
        IF logged <> 'learners' THEN
            EXECUTE format('GRANT SELECT, INSERT ON studytool.%I TO %I', logged, learner);
        END IF;
    END LOOP;
END $$"""

MIGRATIONS: list[list[str]] = [[*_TABLES, _ROLES]]
SERVER_VERSION = len(MIGRATIONS)

BOOKKEEPING = [
    "CREATE SCHEMA IF NOT EXISTS studytool",
    "CREATE TABLE IF NOT EXISTS studytool.migrations (version integer PRIMARY KEY, "
    "applied timestamptz NOT NULL DEFAULT now())",
]
"""What must be there before migration 1: where the applied migrations are recorded."""
