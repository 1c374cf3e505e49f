"""studytool: spaced-repetition study and exam practice for personal-trainer candidates."""

__version__ = "0.1.0"
