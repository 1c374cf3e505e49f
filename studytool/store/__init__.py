"""The SQLite database: the only package that speaks SQL."""
