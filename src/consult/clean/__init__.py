"""Stage 1, clean: reading exports as received and turning them into one row per kept response, with a log of every raw row."""
