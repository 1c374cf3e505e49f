"""The app's screens: home, review, summary, and the small modal ones."""
