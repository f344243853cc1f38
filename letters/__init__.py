"""The letter engine: the MP directory, composing a cited letter and rendering it.

Renderers: PDF, plain text, HTML and email. Import from the modules themselves
(letters.directory, letters.service, letters.render.pdf …).
"""
