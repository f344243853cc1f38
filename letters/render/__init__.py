"""Renderers: each turns one composed Letter into an output (PDF, plain text, HTML, email).

letters.render.registry maps every OutputFormat to its renderer, all of one shape
(`render(letter) -> Rendered`: file name, MIME type, bytes); the command line and the web's
downloads use it. Import a renderer module itself (letters.render.text, .html, .email, .pdf) for
the finer controls it has. This package imports none of them, so asking for plain text never
loads the PDF machinery.
"""
