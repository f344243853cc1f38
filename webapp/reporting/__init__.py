"""Reporting for staff: counts, the campaign's effect, charts and the constituency map."""
