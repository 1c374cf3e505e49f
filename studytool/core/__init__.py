"""Pure domain logic: no UI, no storage, no clock, no I/O."""
