"""Where letters come from: sources on campaign links, staff share links, and partner sites
that embed a campaign's letter."""
