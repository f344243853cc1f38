"""What the database keeps about letters: anonymous counts, consented copies, oversized drafts."""
