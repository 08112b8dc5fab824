"""Reading generated documents back in the tests: PDF text through pypdf, DOCX text through python-docx."""

from __future__ import annotations

import io

import docx
from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """Every page's text with the whitespace (line breaks, ideographic spaces) taken out, so that a phrase
    broken across lines is still found."""
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def stored(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()
