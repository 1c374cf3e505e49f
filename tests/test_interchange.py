"""studytool export / import: Anki packages and CSV, round trips, foreign notes, hostile files."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import zstandard
from click.testing import CliRunner, Result
from conftest import BROKEN, ROOT, VALID
from interchange_helpers import foreign_package, positionless, sqlite_bytes, zip_with

from studytool.cli import main
from studytool.core.cards import BasicCard, ClozeCard, TypedCard
from studytool.deck.lint import lint
from studytool.deck.reader import load_deck
from studytool.interchange import anki_text, apkg_import, archive, csv_format
from studytool.interchange.anki_collection import NoteType

LEG_CURL = ROOT / "decks" / "leg-curl.yaml"
CARDS = len(load_deck(LEG_CURL).deck.cards)  # every card of the bundled deck


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def imported(tmp_path: Path, source: Path, name: str = "out.yaml") -> tuple[Result, Path]:
    target = tmp_path / name
    return run("import", str(source), "--to", str(target)), target


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="module")
def leg_curl_apkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # By path: a module-wide fixture runs before the data dir is isolated.
    target = tmp_path_factory.mktemp("export") / "leg-curl.apkg"
    result = run("export", str(LEG_CURL), "--to", str(target))
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    path = tmp_path / "anatomy.apkg"
    foreign_package(path)
    return path


# -- export ----------------------------------------------------------------------------


def test_export_writes_an_anki_package_of_every_card(leg_curl_apkg: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(leg_curl_apkg) as package:
        assert sorted(package.namelist()) == ["collection.anki2", "media"]
        (tmp_path / "c.db").write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.db") as connection:
        notes = connection.execute("SELECT count(*), count(DISTINCT guid) FROM notes").fetchone()
        (models,) = connection.execute("SELECT models FROM col").fetchone()
    connection.close()
    assert notes == (CARDS, CARDS)
    assert sorted(m["name"] for m in json.loads(models).values()) == [
        "studytool basic",
        "studytool cloze",
        "studytool multiple choice",
        "studytool order",
        "studytool select all",
        "studytool typed answer",
    ]


def test_export_says_what_it_wrote(tmp_path: Path) -> None:
    target = tmp_path / "deck.apkg"
    result = run("export", str(VALID / "every-type.yaml"), "--to", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {target}: 7 cards of 'One card of every type'\n"
    assert files_in(tmp_path) == ["deck.apkg"]


def test_export_finds_a_deck_given_with_deck_by_its_id(tmp_path: Path) -> None:
    target = tmp_path / "every-type.csv"
    result = run("export", "every-type", "--deck", str(VALID), "--to", str(target))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == 1 + 7
    assert {row[0] for row in rows[1:]} == {"every-type"}


def test_export_csv_has_one_row_per_card_under_a_header(tmp_path: Path) -> None:
    target = tmp_path / "leg-curl.csv"
    result = run("export", "leg-curl", "--to", str(target))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == CARDS
    assert tuple(rows[0]) == csv_format.COLUMNS
    by_id = {row["id"]: row for row in rows}
    mcq = by_id["leg-curl-classification"]
    assert (mcq["deck"], mcq["type"], mcq["topic"], mcq["topic_name"]) == (
        "leg-curl",
        "mcq",
        "basics",
        "What the leg curl is",
    )
    assert mcq["back"] == "Single-joint isolation exercise, open kinetic chain"
    assert len(json.loads(mcq["data"])["options"]) == 4
    typed = by_id["leg-curl-joint-action"]
    deck = load_deck(LEG_CURL).deck
    assert deck is not None
    card = deck.card("leg-curl-joint-action")
    assert isinstance(card, TypedCard)
    assert (typed["back"], json.loads(typed["data"])) == (
        "knee flexion",
        {
            "accept": list(card.accept),
            "references": [
                {"id": "neumann-2017", "author": "Neumann DA", "year": 2017,
                 "title": "Kinesiology of the Musculoskeletal System: Foundations for "
                          "Rehabilitation",
                 "published_in": "3rd ed., Elsevier"},
            ],
        },
    )  # fmt: skip
    assert typed["source"] == "How to Perform the Prone Leg Curl; neumann-2017"
    order = by_id["prone-order-setup"]
    assert order["back"].splitlines()[0] == (
        "1. Lie face down, knees level with the pivot and the pad just above the heels"
    )


def test_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("keep me")
    result = run("export", "leg-curl", "--to", str(target))
    assert result.exit_code == 1
    assert "already exists; use --force to replace it" in result.output
    assert target.read_text() == "keep me"
    assert run("export", "leg-curl", "--to", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("deck,id,type,")
    assert files_in(tmp_path) == ["out.csv"]


def test_export_usage_errors_exit_2(tmp_path: Path) -> None:
    wrong_suffix = run("export", "leg-curl", "--to", str(tmp_path / "out.txt"))
    assert wrong_suffix.exit_code == 2
    assert "must end in .apkg or .csv" in wrong_suffix.output
    unknown = run("export", "no-such-deck", "--to", str(tmp_path / "out.apkg"))
    assert unknown.exit_code == 2
    assert "no deck 'no-such-deck' (decks: leg-curl" in unknown.output
    missing_file = run("export", str(tmp_path / "gone.yaml"), "--to", str(tmp_path / "o.csv"))
    assert missing_file.exit_code == 2
    assert run("export", "leg-curl").exit_code == 2  # --to is required
    assert files_in(tmp_path) == []


def test_export_refuses_a_deck_with_errors_and_prints_them(tmp_path: Path) -> None:
    broken = BROKEN / "duplicate-key.yaml"
    result = run("export", str(broken), "--to", str(tmp_path / "out.apkg"))
    assert result.exit_code == 1
    assert f"{broken}:13:5: error: duplicate key 'front'" in result.stderr
    assert "has errors; nothing exported" in result.stderr
    assert files_in(tmp_path) == []


def test_export_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run("export", "leg-curl", "--to", str(tmp_path / "nope" / "out.apkg"))
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


# -- round trips -----------------------------------------------------------------------


def test_yaml_apkg_yaml_gives_back_the_same_deck(tmp_path: Path, leg_curl_apkg: Path) -> None:
    result, target = imported(tmp_path, leg_curl_apkg, "again.yaml")
    assert result.exit_code == 0, result.output
    assert f"imported {CARDS} cards into" in result.output and "(deck 'leg-curl')" in result.output
    original, again = load_deck(LEG_CURL).deck, load_deck(target).deck
    assert original is not None and again is not None
    assert len(again.cards) == CARDS
    assert {card.type for card in again.cards} == {
        "basic",
        "mcq",
        "multi",
        "typed",
        "cloze",
        "order",
    }
    assert positionless(again) == positionless(original)


def test_yaml_csv_yaml_keeps_every_card(tmp_path: Path) -> None:
    exported = tmp_path / "leg-curl.csv"
    assert run("export", "leg-curl", "--to", str(exported)).exit_code == 0
    result, target = imported(tmp_path, exported)
    assert result.exit_code == 0, result.output
    original, again = load_deck(LEG_CURL).deck, load_deck(target).deck
    assert original is not None and again is not None
    assert again.id == "leg-curl"
    assert positionless(again).cards == positionless(original).cards
    assert again.topics == original.topics


def test_csv_round_trip_keeps_text_a_spreadsheet_would_run(tmp_path: Path) -> None:
    deck = tmp_path / "tricky.yaml"
    deck.write_text(
        "id: tricky\ntitle: T\nversion: 1\nsource: {title: S}\ntopics: {t: T}\ncards:\n"
        "  - {id: a, type: basic, topic: t, front: '=1+1', back: '-5 degrees'}\n"
        "  - {id: b, type: basic, topic: t, front: \"'quoted\", back: '@home'}\n",
        encoding="utf-8",
    )
    exported = tmp_path / "tricky.csv"
    assert run("export", str(deck), "--to", str(exported)).exit_code == 0
    cells = [row[5] for row in csv.reader(io.StringIO(exported.read_text(), newline=""))]
    assert cells[1:] == ["'=1+1", "''quoted"]
    result, target = imported(tmp_path, exported, "back.yaml")
    assert result.exit_code == 0, result.output
    before, after = load_deck(deck).deck, load_deck(target).deck
    assert before is not None and after is not None
    assert positionless(after).cards == positionless(before).cards


# -- foreign Anki packages -------------------------------------------------------------


def test_foreign_notes_become_cards_and_the_rest_is_reported(tmp_path: Path, foreign: Path) -> None:
    result, target = imported(tmp_path, foreign, "anatomy.yaml")
    assert result.exit_code == 0, result.output
    deck = load_deck(target).deck
    assert deck is not None
    assert deck.id == "anatomy" and deck.title == "Anatomy"
    assert {t.name for t in deck.topics} == {"Muscles", "Joints"}
    by_type = {card.type: card for card in deck.cards}
    assert sorted(card.type for card in deck.cards) == ["basic"] * 4 + ["cloze", "typed"]
    # "Basic (and reversed card)": Anki asks it both ways, and so does the deck.
    sides = {(c.front, c.back) for c in deck.cards if isinstance(c, BasicCard)}
    assert {("Quadriceps", "Front of the thigh"), ("Front of the thigh", "Quadriceps")} <= sides
    basic, cloze, typed = deck.cards[0], by_type["cloze"], by_type["typed"]
    assert isinstance(basic, BasicCard)
    assert (basic.front, basic.back) == ("Where are the hamstrings?",
                                         "Behind the thigh & femur\n(posterior)")  # fmt: skip
    assert isinstance(cloze, ClozeCard)
    assert cloze.text == "The knee is a {{hinge}} joint; it {{flexes}}."
    assert cloze.hint == "blank 2: bends"
    assert cloze.explanation == "Mostly one plane."
    assert isinstance(typed, TypedCard)
    assert (typed.question, typed.answer) == ("Joint the leg curl moves?", "knee")
    lines = result.output.splitlines()
    unsupported = [line for line in lines if "unsupported note type" in line]
    assert len(unsupported) == 1
    assert unsupported[0].startswith("note ")
    assert unsupported[0].endswith(
        "(\"Gastrocnemius\"): unsupported note type 'Word card'; not imported"
    )
    media = [line for line in lines if "not carried over" in line]
    assert any("Which muscle is this?" in line and "calf.jpg" in line for line in media)
    assert any("soleus.mp3" in line for line in media)
    empty = [line for line in lines if "'front' is empty" in line]
    assert len(empty) == 1
    assert empty[0].endswith("(\"[quad.png]\"): 'front' is empty; not imported")
    assert lines[-2].startswith("imported 6 cards into") and "; 2 notes not imported" in lines[-2]


def test_the_imported_deck_passes_lint(tmp_path: Path, foreign: Path) -> None:
    result, target = imported(tmp_path, foreign)
    assert result.exit_code == 0, result.output
    report = lint([target])
    assert report.errors == 0
    codes = {d.code for r in report.results for d in r.diagnostics}
    assert codes <= {"no-source", "no-explanation"}
    assert target.read_text().startswith("# yaml-language-server: $schema=deck.schema.json\n")
    assert (tmp_path / "deck.schema.json").is_file()


def test_importing_the_same_file_twice_gives_the_same_ids(tmp_path: Path, foreign: Path) -> None:
    first_run, first = imported(tmp_path, foreign, "one.yaml")
    second_run, second = imported(tmp_path, foreign, "two.yaml")
    assert first_run.exit_code == second_run.exit_code == 0
    one, two = load_deck(first).deck, load_deck(second).deck
    assert one is not None and two is not None
    ids = [card.id for card in one.cards]
    assert ids == [card.id for card in two.cards]
    assert ids[0].startswith("where-are-the-hamstrings-")
    assert len(set(ids)) == len(ids)


def test_import_writes_into_the_data_dir_by_default(tmp_path: Path, foreign: Path) -> None:
    data = tmp_path / "data"
    result = run("import", str(foreign), "--data-dir", str(data))
    assert result.exit_code == 0, result.output
    assert (data / "decks" / "anatomy.yaml").is_file()
    listed = run("decks", "--data-dir", str(data))
    assert "anatomy" in listed.output and "6 cards" in listed.output


def test_import_says_when_the_deck_id_is_taken(tmp_path: Path, leg_curl_apkg: Path) -> None:
    data = tmp_path / "data"
    result = run("import", str(leg_curl_apkg), "--data-dir", str(data))
    assert result.exit_code == 0, result.output
    written = data / "decks" / "leg-curl.yaml"
    assert f"has the same deck id 'leg-curl'; studytool uses {written}" in result.output


def test_import_refuses_to_overwrite_without_force(tmp_path: Path, foreign: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("mine")
    result = run("import", str(foreign), "--to", str(target))
    assert result.exit_code == 1
    assert "already exists; use --force" in result.output
    assert target.read_text() == "mine"
    assert run("import", str(foreign), "--to", str(target), "--force").exit_code == 0
    assert target.read_text().startswith("# yaml-language-server")


def test_import_usage_errors_exit_2(tmp_path: Path, foreign: Path) -> None:
    other = tmp_path / "notes.docx"
    other.write_text("x")
    assert run("import", str(other), "--to", str(tmp_path / "o.yaml")).exit_code == 2
    assert run("import", str(foreign), "--to", str(tmp_path / "o.json")).exit_code == 2
    assert run("import", str(tmp_path / "missing.apkg")).exit_code == 2
    assert not (tmp_path / "o.yaml").exists() and not (tmp_path / "o.json").exists()


def test_a_package_with_no_importable_note_writes_nothing(tmp_path: Path) -> None:
    import genanki
    from interchange_helpers import WORD_MODEL

    deck = genanki.Deck(2059400009, "Words")
    deck.add_note(genanki.Note(model=WORD_MODEL, fields=["Calf", "Gastrocnemius"]))
    package = tmp_path / "words.apkg"
    genanki.Package(deck).write_to_file(str(package))
    result, target = imported(tmp_path, package)
    assert result.exit_code == 1
    assert "no card could be imported:\n" in result.output
    assert "unsupported note type 'Word card'; not imported" in result.output  # the reason
    assert not target.exists()


def test_line_breaks_yaml_knows_beyond_newline_do_not_shift_the_blame(tmp_path: Path) -> None:
    breaks = "\u2028".join("abcdefghijkl") + "\u2029m"
    rows = [f"q1 {breaks},a1", "q2,a2", "bad\x01,a3", "q4,a4", "q5,a5"]
    source = tmp_path / "breaks.csv"
    source.write_text("front,back\n" + "\n".join(rows) + "\n")
    result, target = imported(tmp_path, source)
    assert result.exit_code == 0, result.output
    assert "line 4: 'front' contains the control character U+0001" in result.output
    assert "1 row not imported" in result.output
    deck = load_deck(target).deck
    assert deck is not None
    assert [card.front for card in deck.cards] == [f"q1 {breaks}", "q2", "q4", "q5"]


def test_a_csv_that_gives_no_card_says_why_row_by_row(tmp_path: Path) -> None:
    three = tmp_path / "three.csv"
    three.write_text("".join(f"front {n},back {n},extra {n}\n" for n in range(7)))
    result, target = imported(tmp_path, three)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith("three.csv: no card could be imported:")
    assert lines[1:] == [f"  line {n}: has 3 columns; expected 2 (front, back); not imported"
                         for n in range(1, 6)] + ["  and 2 more"]  # fmt: skip
    assert not target.exists()


def test_which_anki_note_types_become_cards() -> None:
    def notetype(
        fields: tuple[str, ...], front: str, cloze: bool = False, stock: int = 0
    ) -> NoteType:
        return NoteType(1, "t", cloze, fields, ((front, "{{FrontSide}}<hr>"),), stock)

    assert apkg_import._kind(notetype(("Front", "Back"), "{{Front}}")) == "basic"
    assert apkg_import._kind(notetype(("Front", "Back"), "{{Front}} {{type:Back}}")) == "typed"
    # Anki's stock Basic in another language, known by the kind it was created as.
    assert apkg_import._kind(notetype(("Vorderseite", "Rückseite"), "{{Vorderseite}}", stock=1))
    assert apkg_import._kind(notetype(("Text", "Back Extra"), "{{cloze:Text}}", True)) == "cloze"
    image_occlusion = ("Occlusion", "Image", "Header", "Back Extra", "Comments")
    assert apkg_import._kind(notetype(image_occlusion, "{{cloze:Occlusion}}", True, 6)) is None
    assert apkg_import._kind(notetype(("Word", "Meaning"), "{{Word}}")) is None


def test_cloze_conversion() -> None:
    notes: list[str] = []
    assert anki_text.cloze_text("a {{c1::b|c}} d", notes) == ("a {{b/c}} d", "")
    assert "'|' in a cloze answer" in notes[-1]
    notes = []
    assert anki_text.cloze_text("{{c1::x::y}} and {{c1::z}}", notes) == (
        "{{x}} and {{z}}",
        "blank 1: y",
    )
    assert anki_text.cloze_text("{{c1::one {{c2::two}} three}}", notes) is None
    assert notes[-1] == "nested cloze deletions cannot be kept"
    assert anki_text.cloze_text("only {{ braces }} here {{c1::x}}", notes) is None


# -- CSV in ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [
        ('front,back\nHamstrings?,Back of the thigh\n"Quads, where?",Front\n', ","),
        ("Hamstrings?;Back of the thigh\nQuads, where?;Front\n", ";"),
        ("Hamstrings?\tBack of the thigh\nQuads, where?\tFront\n", "\t"),
    ],
    ids=["comma-with-header", "semicolon", "tab"],
)
def test_two_column_csv_gives_basic_cards(tmp_path: Path, content: str, delimiter: str) -> None:
    source = tmp_path / "flash cards.csv"
    source.write_text(content, encoding="utf-8")
    result, target = imported(tmp_path, source)
    assert result.exit_code == 0, result.output
    deck = load_deck(target).deck
    assert deck is not None
    assert all(isinstance(card, BasicCard) for card in deck.cards)
    assert [(c.front, c.back) for c in deck.cards if isinstance(c, BasicCard)] == [
        ("Hamstrings?", "Back of the thigh"),
        ("Quads, where?", "Front"),
    ]
    assert deck.topics[0].name == "flash cards"


def test_bad_csv_rows_are_reported_by_line(tmp_path: Path) -> None:
    source = tmp_path / "cards.csv"
    source.write_text('a,b\n"multi\nline",c\nonly one\nx,y,z\n,empty front\n', encoding="utf-8")
    result, target = imported(tmp_path, source)
    assert result.exit_code == 0, result.output
    assert "line 4: has 1 column; expected 2 (front, back); not imported" in result.output
    assert "line 5: has 3 columns; expected 2 (front, back); not imported" in result.output
    assert "line 6: 'front' is empty; not imported" in result.output
    deck = load_deck(target).deck
    assert deck is not None
    assert [c.front for c in deck.cards if isinstance(c, BasicCard)] == ["a", "multi\nline"]


def test_anki_plain_text_notes_are_read(tmp_path: Path) -> None:
    source = tmp_path / "anki.txt"
    source.write_text(
        "#separator:tab\n#html:true\n#tags column:3\nKnee&nbsp;joint<br>type?\thinge\tknee\n",
        encoding="utf-8",
    )
    result, target = imported(tmp_path, source)
    assert result.exit_code == 0, result.output
    deck = load_deck(target).deck
    assert deck is not None
    assert isinstance(deck.cards[0], BasicCard)
    assert (deck.cards[0].front, deck.cards[0].back) == ("Knee joint\ntype?", "hinge")


def test_csv_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "latin.csv"
    source.write_bytes(
        "front,back\nQuadriceps,Cuisse avant\nGenou,Flexion du g\xe9nou\n".encode("latin-1")
    )
    result, target = imported(tmp_path, source)
    assert result.exit_code == 1
    assert f"{source}:3: not UTF-8 text (byte 0xe9); save it as UTF-8" in result.output
    assert not target.exists()


def test_csv_over_the_size_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_format, "MAX_BYTES", 100)
    source = tmp_path / "big.csv"
    source.write_text("front,back\n" + "q,a\n" * 50)
    result, target = imported(tmp_path, source)
    assert result.exit_code == 1
    assert "larger than" in result.output
    assert not target.exists()


# -- hostile and damaged packages: a clear error, exit 1, nothing written ---------------


def refused(tmp_path: Path, package: Path, message: str) -> None:
    before = files_in(tmp_path)
    result, target = imported(tmp_path, package)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not target.exists()
    assert files_in(tmp_path) == before


def test_not_a_zip(tmp_path: Path) -> None:
    package = tmp_path / "fake.apkg"
    package.write_bytes(b"this is not a zip archive at all")
    refused(tmp_path, package, "not a zip archive")


def test_a_refused_import_leaves_the_data_dir_alone(tmp_path: Path) -> None:
    package = tmp_path / "fake.apkg"
    package.write_bytes(b"PK\x03\x04 and then nothing useful")
    data = tmp_path / "data"
    result = run("import", str(package), "--data-dir", str(data))
    assert result.exit_code == 1
    assert not data.exists()


def test_truncated_zip(tmp_path: Path, leg_curl_apkg: Path) -> None:
    package = tmp_path / "cut.apkg"
    package.write_bytes(leg_curl_apkg.read_bytes()[: leg_curl_apkg.stat().st_size // 2])
    refused(tmp_path, package, "not a zip archive, or a damaged one")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../../evil.sh", "climbs out of the archive"),
        ("media/../../evil.sh", "climbs out of the archive"),
        ("..\\evil.bat", "climbs out of the archive"),
        ("/etc/cron.d/evil", "is an absolute path"),
        ("C:\\Windows\\evil.dll", "is an absolute path"),
    ],
)
def test_member_names_that_escape(tmp_path: Path, leg_curl_apkg: Path, name: str, why: str) -> None:
    with zipfile.ZipFile(leg_curl_apkg) as good:
        collection = good.read("collection.anki2")
    package = zip_with(tmp_path / "escape.apkg", {"collection.anki2": collection, name: b"x"})
    refused(tmp_path, package, why)


def test_a_member_given_twice(tmp_path: Path) -> None:
    package = tmp_path / "twice.apkg"
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(package, "w") as archive_file,
    ):
        archive_file.writestr("collection.anki2", b"first")
        archive_file.writestr("collection.anki2", b"second")
    refused(tmp_path, package, "appears twice")


def test_zip_bomb_by_compression_ratio(tmp_path: Path) -> None:
    package = zip_with(tmp_path / "bomb.apkg", {"collection.anki2": bytes(4 * 1024 * 1024)})
    refused(tmp_path, package, "times larger than it is stored (a zip bomb?)")


def test_total_size_over_the_cap_by_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_TOTAL", 64 * 1024)
    members = {"collection.anki2": os.urandom(40_000), "0": os.urandom(40_000)}
    package = zip_with(tmp_path / "big.apkg", members, zipfile.ZIP_STORED)
    refused(tmp_path, package, "unpacks to more than 0.0625 MB; refusing it")


def test_a_header_that_understates_the_size_is_caught_while_reading(tmp_path: Path) -> None:
    data = os.urandom(50_000)
    package = zip_with(tmp_path / "liar.apkg", {"collection.anki2": data}, zipfile.ZIP_STORED)
    raw = bytearray(package.read_bytes())
    # Claim 1,000 bytes in both the local and the central header (uncompressed size field).
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature) + offset
        raw[at : at + 4] = (1000).to_bytes(4, "little")
    package.write_bytes(bytes(raw))
    refused(tmp_path, package, "damaged")


def test_reading_counts_the_bytes_whatever_the_header_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = zip_with(tmp_path / "x.apkg", {"collection.anki2": bytes(100)})
    # A zip reader that trusted the header less than ours would hand over more bytes.
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *_: io.BytesIO(bytes(5000)))
    with (
        archive.open_zip(package) as safe,
        pytest.raises(archive.ArchiveError, match="more than the 100 bytes its header declares"),
    ):
        safe.copy("collection.anki2", io.BytesIO())


def test_zstd_bomb_in_a_newer_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apkg_import, "MAX_TOTAL", 1024 * 1024)
    bomb = zstandard.ZstdCompressor().compress(bytes(3 * 1024 * 1024))
    package = zip_with(tmp_path / "new.apkg", {"collection.anki21b": bomb})
    refused(tmp_path, package, "unpacks to more than 1 MB")


def test_newer_package_that_is_not_zstd(tmp_path: Path) -> None:
    package = zip_with(tmp_path / "new.apkg", {"collection.anki21b": b"garbage"})
    refused(tmp_path, package, "is not valid compressed data")


def test_collection_that_is_not_sqlite(tmp_path: Path) -> None:
    package = zip_with(tmp_path / "x.apkg", {"collection.anki2": b"no database here"})
    refused(tmp_path, package, "is not an SQLite database, so not an Anki collection")


def test_collection_without_ankis_tables(tmp_path: Path) -> None:
    database = sqlite_bytes(tmp_path / "scratch.db", "CREATE TABLE things (x)")
    (tmp_path / "scratch.db").unlink()
    package = zip_with(tmp_path / "x.apkg", {"collection.anki2": database})
    refused(tmp_path, package, "is not an Anki collection: it has no table cards, col, notes")


def test_collection_with_damaged_note_types(tmp_path: Path) -> None:
    database = sqlite_bytes(
        tmp_path / "scratch.db",
        "CREATE TABLE col (models, decks)",
        "CREATE TABLE notes (id, guid, mid, flds)",
        "CREATE TABLE cards (nid, did, odid, ord)",
        "INSERT INTO col VALUES ('{not json', '{}')",
    )
    (tmp_path / "scratch.db").unlink()
    package = zip_with(tmp_path / "x.apkg", {"collection.anki2": database})
    refused(tmp_path, package, "is a damaged Anki collection")


def test_a_zip_that_is_no_anki_package(tmp_path: Path) -> None:
    package = zip_with(tmp_path / "x.apkg", {"readme.txt": b"hello"})
    refused(tmp_path, package, "not an Anki package (it holds no collection.anki21b")


def test_damaged_studytool_data_is_reported_per_note(tmp_path: Path, leg_curl_apkg: Path) -> None:
    with zipfile.ZipFile(leg_curl_apkg) as good:
        collection = good.read("collection.anki2")
    scratch = tmp_path / "scratch.db"
    scratch.write_bytes(collection)
    with sqlite3.connect(scratch) as connection:
        (note_id,) = connection.execute("SELECT min(id) FROM notes").fetchone()
        flds = connection.execute("SELECT flds FROM notes WHERE id = ?", (note_id,)).fetchone()[0]
        broken = flds.rsplit("\x1f", 1)[0] + "\x1f{oops"
        connection.execute("UPDATE notes SET flds = ? WHERE id = ?", (broken, note_id))
    connection.close()
    package = zip_with(tmp_path / "damaged.apkg", {"collection.anki2": scratch.read_bytes()})
    scratch.unlink()
    result, target = imported(tmp_path, package)
    assert result.exit_code == 0, result.output
    assert f"note {note_id} (" in result.output
    assert "field does not hold studytool's card data; not imported" in result.output
    deck = load_deck(target).deck
    assert deck is not None and len(deck.cards) == CARDS - 1


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [900, 5000], ids=["dumpable-json", "past-the-json-limit"])
def test_csv_data_nested_too_deep_is_reported_by_line(tmp_path: Path, depth: int) -> None:
    source = tmp_path / "deep.csv"
    rows = [list(csv_format.COLUMNS), ["d", "c1", "mcq", "t", "T", "Q", "", "", "", "", ""]]
    rows[1][-1] = '{"options": ' + _deep(depth) + "}"
    rows.append(["d", "c2", "basic", "t", "T", "Front", "Back", "", "", "", ""])
    with open(source, "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    result, target = imported(tmp_path, source)
    assert result.exit_code == 0, result.output
    assert "line 2: its data column is not a JSON object" in result.output
    deck = load_deck(target).deck
    assert deck is not None and [card.id for card in deck.cards] == ["c2"]


def _collection_with(tmp_path: Path, models: str, decks: str) -> Path:
    scratch = tmp_path / "scratch.db"
    with sqlite3.connect(scratch) as connection:
        connection.execute("CREATE TABLE col (models, decks)")
        connection.execute("CREATE TABLE notes (id, guid, mid, flds)")
        connection.execute("CREATE TABLE cards (nid, did, odid, ord)")
        connection.execute("INSERT INTO col VALUES (?, ?)", (models, decks))
    connection.close()
    package = zip_with(tmp_path / "x.apkg", {"collection.anki2": scratch.read_bytes()})
    scratch.unlink()
    return package


@pytest.mark.parametrize(
    ("models", "decks"),
    [
        (_deep(100_000), "{}"),
        ('{"1": {"id": Infinity, "name": "Basic"}}', "{}"),
        ('{"1": {"id": 1, "flds": [{"name": "Front", "ord": 1e999}]}}', "{}"),
        ("{}", '{"1": {"id": -Infinity, "name": "Default"}}'),
    ],
    ids=["nested-too-deep", "infinite-id", "infinite-order", "infinite-deck-id"],
)
def test_collection_with_hostile_json_is_refused(tmp_path: Path, models: str, decks: str) -> None:
    refused(tmp_path, _collection_with(tmp_path, models, decks), "is a damaged Anki collection")


@pytest.mark.parametrize(
    "data",
    ['{"card": ' + _deep(100_000) + "}", '{"card": {"type": "basic"}, "position": Infinity}'],
    ids=["nested-too-deep", "infinite-position"],
)
def test_hostile_studytool_data_is_reported_per_note(
    tmp_path: Path, leg_curl_apkg: Path, data: str
) -> None:
    with zipfile.ZipFile(leg_curl_apkg) as good:
        collection = good.read("collection.anki2")
    scratch = tmp_path / "scratch.db"
    scratch.write_bytes(collection)
    with sqlite3.connect(scratch) as connection:
        (note_id,) = connection.execute("SELECT min(id) FROM notes").fetchone()
        flds = connection.execute("SELECT flds FROM notes WHERE id = ?", (note_id,)).fetchone()[0]
        broken = flds.rsplit("\x1f", 1)[0] + "\x1f" + data
        connection.execute("UPDATE notes SET flds = ? WHERE id = ?", (broken, note_id))
    connection.close()
    package = zip_with(tmp_path / "hostile.apkg", {"collection.anki2": scratch.read_bytes()})
    scratch.unlink()
    result, target = imported(tmp_path, package)
    assert result.exit_code == 0, result.output
    assert f"note {note_id} (" in result.output
    assert "field does not hold studytool's card data; not imported" in result.output
    deck = load_deck(target).deck
    assert deck is not None and len(deck.cards) == CARDS - 1


def test_a_cloze_note_in_ankis_plain_text_export_stays_a_cloze(tmp_path: Path) -> None:
    export = tmp_path / "notes.txt"
    export.write_text("#separator:tab\n#html:true\n#notetype column:1\n"
                      "Cloze\tThe {{c1::hamstrings}} flex the <b>knee</b>.\tThree muscles\n"
                      "Basic\tKnee joint type?\tHinge\n")  # fmt: skip
    result, target = imported(tmp_path, export)
    assert result.exit_code == 0, result.output
    deck = load_deck(target).deck
    assert deck is not None
    cloze, basic = deck.cards
    assert isinstance(cloze, ClozeCard) and isinstance(basic, BasicCard)
    assert (cloze.text, cloze.explanation) == ("The {{hamstrings}} flex the knee.", "Three muscles")


def test_a_header_with_a_trailing_separator_is_still_the_header(tmp_path: Path) -> None:
    source = tmp_path / "cards.csv"
    source.write_text("front,back,\nQ1,A1,\nQ2,A2,\n")
    result, target = imported(tmp_path, source)
    assert result.exit_code == 0, result.output
    deck = load_deck(target).deck
    assert deck is not None
    assert [card.front for card in deck.cards if isinstance(card, BasicCard)] == ["Q1", "Q2"]


def test_a_collection_whose_sql_computes_gigabytes_is_bounded(tmp_path: Path) -> None:
    """781 bytes of package once ran 300 s at 1.7 GB: a generated column makes each
    note's fields hundreds of megabytes."""
    basic = ('{"1": {"id": 1, "name": "Basic", "type": 0, "flds": [{"name": "Front", "ord": 0},'
             ' {"name": "Back", "ord": 1}], "tmpls": [{"name": "Card 1", "ord": 0,'
             ' "qfmt": "{{Front}}", "afmt": "{{Back}}"}]}}')  # fmt: skip
    database = sqlite_bytes(
        tmp_path / "scratch.db",
        "CREATE TABLE col (models, decks)",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, guid, mid, flds GENERATED ALWAYS AS "
        "(printf('%.*c', 300000000, 'x')) VIRTUAL)",
        "CREATE TABLE cards (nid, did, odid, ord)",
        f"INSERT INTO col VALUES ('{basic}', '{{}}')",
        *(f"INSERT INTO notes (id, guid, mid) VALUES ({n}, 'g{n}', 1)" for n in range(1, 3)),
    )
    (tmp_path / "scratch.db").unlink()
    package = zip_with(tmp_path / "bomb.apkg", {"collection.anki2": database})
    # In a process of its own with a deadline, so an unbounded read fails instead of
    # holding the suite (and gigabytes of memory).
    done = subprocess.run(
        [sys.executable, "-m", "studytool", "import", str(package), "--to",
         str(tmp_path / "bomb.yaml"), "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True, timeout=20, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "bomb.yaml").exists()
