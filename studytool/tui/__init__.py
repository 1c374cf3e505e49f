"""The Textual interface. Screens call the session engine (studytool.engine.study); no SQL here."""
