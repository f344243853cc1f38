"""Campaign content: versions of each text, checks, review, publishing and what is published."""
