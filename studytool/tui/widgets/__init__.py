"""One widget per card type, plus the shared pieces they are built from."""
