"""Letter downloads for staff: kept letters read back and bundled in the background."""
