"""Finishing fpdf2 documents: the bytes, with every font file closed.

fpdf2 reads TrueType fonts with fontTools' lazy loading, which keeps each font file open
until the font is closed; a kernel that exports many PDFs would leak file handles (and
Python warns about them).  :func:`pdf_bytes` returns the document and closes them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["close_fonts", "pdf_bytes"]


def close_fonts(pdf: Any) -> None:  # noqa: ANN401 - an fpdf.FPDF
    """Close the font files an fpdf2 document holds open (safe to call twice)."""
    for font in getattr(pdf, "fonts", {}).values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


def pdf_bytes(pdf: Any) -> bytes:  # noqa: ANN401 - an fpdf.FPDF
    """The finished document's bytes; its font files are closed afterwards."""
    try:
        return bytes(pdf.output())
    finally:
        close_fonts(pdf)
