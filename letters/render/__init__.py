"""Renderers: each turns one composed Letter into an output (PDF, plain text, HTML, email).

Import the one you need (letters.render.text, .html, .email, .pdf); this package imports none of
them, so asking for plain text never loads the PDF machinery.
"""
