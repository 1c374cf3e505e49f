"""The session engine: what the TUI and the CLI call to study, over the store and the decks."""
