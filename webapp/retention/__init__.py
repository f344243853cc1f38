"""Retention: personal data past its time is purged."""
