"""Deck files: reading them with positions, checking, caching, lint and its warnings, the
starter deck and where decks are found. Nothing here touches the database or the screen."""
