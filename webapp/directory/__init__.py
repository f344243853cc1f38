"""The MP directory as the web app sees it: the shipped data plus staff corrections and imports."""
