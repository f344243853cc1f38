"""Letter-writing events: their table, the device link's token, and whether one is running."""
