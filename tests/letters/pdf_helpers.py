"""Read a PDF back the way a person would see it: its text, page by page."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, pages separated by a form feed."""
    return "\f".join(pdf_pages(data))
