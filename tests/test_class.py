"""A class on a real PostgreSQL: `class init` sets up the schema and roles, learners
join and sync, the instructor's `class report` sees everyone, and a learner sees, and
may write, only their own rows."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from click.testing import CliRunner
from conftest import VALID, FakeClock, answer_named
from postgres_server import PG

from studytool.cli import main
from studytool.core.queue import Limits
from studytool.deck.reader import load_deck
from studytool.engine.study import Study
from studytool.engine.sync import sync
from studytool.store.database import Store

DECK = VALID / "every-type.yaml"


def cli(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args])
    return result.exit_code, result.output


def learner(tmp_path: Path, name: str, clock: FakeClock) -> Study:
    deck = load_deck(DECK).deck
    assert deck is not None
    return Study(Store.open(tmp_path / f"{name}.db", now=clock()), (deck,), Limits(), clock)


def study(session: Study, right: dict[str, bool]) -> None:
    """Answer the named cards once each, right (5) or wrong (1); skip the rest."""
    answer_named(session, {card: 5 if correct else 1 for card, correct in right.items()})


@pytest.fixture
def class_(pg: PG, tmp_path: Path) -> dict[str, str]:
    """A class set up by the server's owner: three learners and an instructor."""
    code, out = cli(tmp_path, "class", "init", pg.url())
    assert code == 0, out
    logins = {name: pg.login("learner", name) for name in ("ana", "ben", "cai")}
    logins["coach"] = pg.login("instructor", "coach")
    return logins


def test_init_is_idempotent_and_says_how_logins_are_made(pg: PG, tmp_path: Path) -> None:
    code, first = cli(tmp_path, "class", "init", pg.url())
    assert code == 0 and "set up (1 migration applied)" in first
    assert f"IN ROLE {pg.database}_learner;" in first
    assert f"IN ROLE {pg.database}_instructor;" in first
    code, again = cli(tmp_path, "class", "init", pg.url())
    assert code == 0 and "is up to date" in again
    assert pg.execute("SELECT version FROM studytool.migrations") == [(1,)]


def test_a_class_of_three_and_the_instructors_report(
    pg: PG, class_: dict[str, str], tmp_path: Path, clock: FakeClock
) -> None:
    names = {"ana": "Ana Silva", "ben": "Ben Okafor", "cai": "Cai Wen"}
    answers = {
        "ana": {"basic-1": True, "mcq-1": False, "typed-1": True},
        "ben": {"basic-1": True, "mcq-1": False},
        "cai": {"basic-1": False, "mcq-1": False, "typed-1": True},
    }
    for who, right in answers.items():
        code, out = cli(tmp_path, "class", "join", class_[who], "--name", names[who])
        assert code == 0 and f"as {names[who]}" in out, out
        device = learner(tmp_path, who, clock)
        study(device, dict(right))
        if who == "ben":
            device.flag("every-type", "mcq-1", "two options look right")
            device.flag("every-type", "42", "the back is blank")  # a card nobody answered
        sync(device.store, class_[who], clock())
        device.close()
    late = pg.login("learner", "dee")  # enrolled, nothing answered yet
    assert cli(tmp_path, "class", "join", late, "--name", "Dee Late")[0] == 0
    clock.advance(days=1)
    day = clock().date().isoformat()

    code, out = cli(tmp_path, "class", "report", class_["coach"], "every-type", "--deck",
                    str(DECK), "--json", "--on", day)  # fmt: skip
    assert code == 0, out
    report = json.loads(out)
    assert sorted(entry["name"] for entry in report["learners"]) == sorted(
        [*names.values(), "Dee Late"]
    )
    assert report["answering"] == 3
    cards = {card["card_id"]: card for card in report["cards"]}
    assert set(cards) == {"basic-1", "mcq-1", "typed-1"}
    assert (cards["basic-1"]["learners"], cards["basic-1"]["first_right"]) == (3, 2)
    assert (cards["mcq-1"]["first_right"], cards["typed-1"]["learners"]) == (0, 2)
    # Every miss was on a new card (its first answer), which is no lapse.
    assert all(card["lapses"] == 0 for card in cards.values())
    # A day after one right answer recall is high; after a miss the memory is weak.
    assert cards["typed-1"]["recall"] > 0.8 > cards["mcq-1"]["recall"]
    assert report["hardest"][0]["card_id"] == "mcq-1"
    assert report["hardest"][0]["question"]
    muscles = next(topic for topic in report["topics"] if topic["topic"] == "muscles")
    assert (muscles["cards"], muscles["attempts"], muscles["first_tries"],
            muscles["first_right"]) == (3, 8, 8, 4)  # fmt: skip
    assert muscles["name"] == "Muscles"  # as this deck names it (the leg-curl deck differs)
    assert [(f["card_id"], f["name"], f["note"]) for f in report["flags"]] == [
        ("42", "Ben Okafor", "the back is blank"),
        ("mcq-1", "Ben Okafor", "two options look right")]  # fmt: skip

    code, text = cli(tmp_path, "class", "report", class_["coach"], "--deck", str(DECK),
                     "--on", day)  # fmt: skip
    assert code == 0, text
    assert "3 of 4 learners answering" in text and "Hardest cards" in text
    flags = text.split("Flags (2):")[1].split("Every card")[0]
    assert "every-type/42 by Ben Okafor" in flags and "note: the back is blank" in flags
    assert "asks: " in flags.split("every-type/42")[1].split("every-type/mcq-1")[0]
    assert "every-type/mcq-1 by Ben Okafor" in text and "two options look right" in text
    hardest = text.split("Hardest cards")[1].splitlines()
    recall = f"{cards['mcq-1']['recall']:.0%}"
    assert hardest[2].split() == ["every-type/mcq-1", "0/3", "0%", "3", "0", recall]
    assert all(len(line) <= 80 for line in text.splitlines())
    for login in class_.values():
        assert login.split(":")[2].split("@")[0] not in text


def test_a_learner_sees_and_writes_only_their_own_rows(
    pg: PG, class_: dict[str, str], tmp_path: Path, clock: FakeClock
) -> None:
    for who in ("ana", "ben"):
        device = learner(tmp_path, who, clock)
        study(device, {"basic-1": True})
        sync(device.store, class_[who], clock())
        device.close()
    with psycopg.connect(class_["ben"], autocommit=True) as ben:
        seen = ben.execute("SELECT DISTINCT learner FROM studytool.reviews").fetchall()
        assert len(seen) == 1 and seen[0][0].startswith("ben_")
        # Taking on the class's role changes nothing: rows are the login's own.
        ben.execute(f"SET ROLE {pg.database}_learner")  # type: ignore[arg-type]
        seen = ben.execute("SELECT DISTINCT learner FROM studytool.reviews").fetchall()
        assert len(seen) == 1 and seen[0][0].startswith("ben_")
        ben.execute("RESET ROLE")
        assert ben.execute("SELECT count(*) FROM studytool.learners").fetchone() == (1,)
        ana = class_["ana"].split("//")[1].split(":")[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ben.execute(
                "INSERT INTO studytool.reviews (learner, device, seq, at, day, deck_id, "
                "card_id, kind, quality, correct, before, after) VALUES "
                "(%s, 'x', 1, 'now', '2026-01-01', 'd', 'c', 'new', 5, 1, '{}', '{}')",
                (ana,),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ben.execute("DELETE FROM studytool.reviews")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ben.execute("UPDATE studytool.reviews SET quality = 5")
    code, out = cli(tmp_path, "class", "report", class_["ben"])
    assert code == 6 and "does not allow this login" in out
    assert "only an instructor's login reads the class" in out


def ana_answers_once(tmp_path: Path, class_: dict[str, str], clock: FakeClock) -> None:
    device = learner(tmp_path, "ana", clock)
    study(device, {"basic-1": True})
    sync(device.store, class_["ana"], clock())
    device.close()


def test_the_owner_cannot_rewrite_the_log_either(
    pg: PG, class_: dict[str, str], tmp_path: Path, clock: FakeClock
) -> None:
    ana_answers_once(tmp_path, class_, clock)
    for change in ("UPDATE studytool.reviews SET quality = 0", "DELETE FROM studytool.reviews",
                   "TRUNCATE studytool.reviews", "TRUNCATE studytool.flags"):  # fmt: skip
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            pg.execute(change)
    assert pg.execute("SELECT count(*) FROM studytool.reviews") == [(1,)]


def test_an_instructor_of_one_class_sees_nothing_of_another(
    pg: PG, class_: dict[str, str], tmp_path: Path, clock: FakeClock
) -> None:
    ana_answers_once(tmp_path, class_, clock)
    other = PG(pg.admin, f"{pg.database}_other")
    psycopg.connect(pg.admin, autocommit=True).execute(
        f"CREATE DATABASE {other.database}"  # type: ignore[arg-type]
    )
    try:
        assert cli(tmp_path, "class", "init", other.url())[0] == 0
        elsewhere = other.login("instructor", "coach")
        user = f"coach_{other.database}"
        code, out = cli(tmp_path, "class", "report", pg.url(user, f"{user}-pw"))
        assert code == 6 and "does not allow this login" in out
        code, out = cli(tmp_path, "class", "report", elsewhere)
        assert code == 0 and "No answers on the server yet" in out
    finally:
        psycopg.connect(pg.admin, autocommit=True).execute(
            f"DROP DATABASE {other.database} WITH (FORCE)"  # type: ignore[arg-type]
        )


def test_a_learner_may_not_set_up_the_schema(pg: PG, tmp_path: Path) -> None:
    pg.execute("CREATE ROLE loner LOGIN PASSWORD 'loner-pw'")
    code, out = cli(tmp_path, "sync", pg.url("loner"))
    assert code == 6 and "has no studytool schema this login may use" in out
    assert "studytool class init" in out
    pg.execute("DROP ROLE loner")


@pytest.mark.parametrize("name", ["Bio 101's class", "c" * 58, "é" * 31])
def test_a_database_of_any_name_gets_its_two_roles_or_a_clear_refusal(
    pg: PG, tmp_path: Path, name: str
) -> None:
    from psycopg import sql

    admin = psycopg.connect(pg.admin, autocommit=True)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        url = pg.url().rsplit("/", 1)[0] + "/" + quote(name)
        code, out = cli(tmp_path, "class", "init", url)
        # Role names are cut to 63 bytes: from 62 on, "_l…" and "_i…" are cut alike.
        if len(name.encode()) >= 62:
            assert code == 6 and "too long to name its two roles apart" in out
            return
        assert code == 0, out
        made = out.split("IN ROLE ")[1].split(";")[0]
        roles = [row[0] for row in admin.execute(
            "SELECT quote_ident(rolname) FROM pg_roles WHERE rolname LIKE %s",
            (name[:20] + "%",))]  # fmt: skip
        assert made in roles and len(roles) == 2
        assert cli(tmp_path, "class", "init", url) == (0, out.replace(
            "set up (1 migration applied)", "up to date"))  # fmt: skip
    finally:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        for row in admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                                 (name[:20] + "%",)).fetchall():  # fmt: skip
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(row[0])))
        admin.close()
