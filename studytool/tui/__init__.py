"""The Textual interface. Screens call the session engine (studytool.study); no SQL here."""
