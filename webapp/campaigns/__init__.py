"""Campaigns as rows: whether a campaign is taking letters (draft, live, closed, archived), when
it opens and closes, and what its page says once it has closed."""
