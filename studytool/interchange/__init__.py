"""Moving decks in and out of studytool: Anki packages (.apkg) and CSV files.

Exports are built from a loaded Deck. Imports build the deck as plain data first
(``drafts``), check it with the deck loader itself, and only then hand back YAML text, so an
import can never produce a deck that ``studytool lint`` would refuse.
"""
