"""Reading generated documents back in the tests: PDF text through pypdf, DOCX text through python-docx."""

from __future__ import annotations

import io
import re

import docx
from pypdf import PdfReader

# The page's margin boxes, read after its body: "— 2 —" and "（2026）冀0129执1号 · 执行通知书 · 第1版".
_FOOTER = re.compile(r"—\d+—(.*第\d+版)?$")


def pdf_text(content: bytes) -> str:
    """The body text of every page, page numbers and footers taken out, with the whitespace (line breaks,
    ideographic spaces) taken out too, so that a phrase broken across lines or pages is still found."""
    return "".join(_FOOTER.sub("", page) for page in pdf_pages(content))


def pdf_footers(content: bytes) -> list[str]:
    """Each page's footer line (which document, which version)."""
    return [match.group(1) or "" for page in pdf_pages(content) if (match := _FOOTER.search(page))]


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, whitespace taken out (with its page number and footer at the end)."""
    reader = PdfReader(io.BytesIO(content))
    return ["".join((page.extract_text() or "").split()) for page in reader.pages]


def docx_text(content: bytes, *, footers: bool = False) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    if footers:
        parts.extend(p.text for section in document.sections for p in section.footer.paragraphs)
    return "\n".join(parts)


def stored(document, format: str = "pdf") -> bytes:
    """The bytes of one file of a document version (a DocumentFile, or a GeneratedDocument and a format)."""
    file = document if hasattr(document, "file") else document.files.get(format=format)
    with file.file.open("rb") as handle:
        return handle.read()
