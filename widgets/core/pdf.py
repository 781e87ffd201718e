"""PDFs that print text in any script the curriculum meets, and their finishing.

Every PDF of the curriculum (certificate, safety plan, session plan, relapse-prevention
plan) starts with :func:`new_document` and ends with :func:`pdf_bytes`:

- **Fonts, embedded.**  The family :data:`FONT` is DejaVu Sans (regular, bold, oblique,
  bold oblique) as shipped with matplotlib: Latin with its accents, Greek, Cyrillic,
  Hebrew, Arabic and many symbols.  Characters it lacks fall back to DejaVu Sans upright
  (Arabic in italics) and to WenQuanYi Micro Hei (Debian's ``fonts-wqy-microhei``:
  Chinese, Japanese kana, Korean Hangul), added to a document only when its text needs
  them.  Only the glyphs used are embedded (fpdf2 subsets every font).
- **Text shaping.**  Text in a script that needs it (Arabic letters joined, Hebrew and
  Arabic right to left, combining accents placed) is shaped with HarfBuzz (``uharfbuzz``)
  through fpdf2's ``set_text_shaping``; other text is laid out directly, which is several
  times faster.
- **Bounds before rendering.**  :func:`check_text` refuses, with a message naming the
  field, text that is too long for its place, has control characters, or has characters
  no font here can print (naming them, and the Debian package that adds the font when
  it is missing), so nothing prints blank without a word.

fpdf2 reads TrueType fonts with fontTools' lazy loading, which keeps each font file open
until the font is closed; :func:`pdf_bytes` returns the document and closes them.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["CJK_FONT_PACKAGE", "FONT", "PdfTextError", "check_text", "close_fonts",
           "missing_characters", "needs_shaping", "new_document", "pdf_bytes"]

FONT = "DejaVu"
"""The font family every PDF writes in (styles ``""``, ``"B"``, ``"I"``, ``"BI"``)."""
CJK_FONT_PACKAGE = "fonts-wqy-microhei"
"""The Debian package of the font for Chinese, Japanese and Korean (``scripts/setup.sh``)."""
CJK_FONT_FILES = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)
"""Where the CJK font is looked for (``IOP_PDF_CJK_FONT`` names another file first)."""
_DEJAVU = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf",
           "BI": "DejaVuSans-BoldOblique.ttf"}
_UPRIGHT, _CJK = "DejaVuUpright", "CJK"  # fallback families, added when text needs them


class PdfTextError(ValueError):
    """Text cannot go into a PDF as given (too long, control characters, no font for it)."""


# ------------------------------------------------------------------------ fonts


def _dejavu_dir() -> Path:
    """matplotlib's copy of DejaVu Sans, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("PDFs need the DejaVu Sans fonts that ship with matplotlib; "
                           "install the requirements (pip install -r requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def _cjk_file() -> Path | None:
    """The CJK fallback font file, or None when it is not installed."""
    env = os.environ.get("IOP_PDF_CJK_FONT")
    for candidate in ([Path(env)] if env else []) + list(CJK_FONT_FILES):
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def _coverage(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for (first face of a collection)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap())


def _fallbacks() -> list[tuple[str, Path]]:
    """(family, file) of each fallback font present, in the order they are tried."""
    found = [(_UPRIGHT, _dejavu_dir() / _DEJAVU[""])]
    cjk = _cjk_file()
    if cjk is not None:
        found.append((_CJK, cjk))
    return found


def _printable() -> frozenset[int]:
    """Every code point some font of a document can print."""
    return _union((_dejavu_dir() / _DEJAVU[""], *(path for _, path in _fallbacks())))


@functools.cache
def _union(paths: tuple[Path, ...]) -> frozenset[int]:
    return frozenset().union(*map(_coverage, paths))


# ------------------------------------------------------------------------- text


_IGNORABLE = frozenset({"Zs", "Zl", "Zp", "Cf"})  # spaces and invisible format marks
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
               (0x1100, 0x11FF), (0x20000, 0x3FFFF))
_COMPLEX_RANGES = ((0x0590, 0x08FF), (0x0900, 0x0DFF), (0x0E00, 0x0FFF), (0x1000, 0x109F),
                   (0x1780, 0x17FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
"""Hebrew, Arabic, Syriac, Thaana, NKo, Indic, Thai, Lao, Tibetan, Myanmar, Khmer and the
presentation forms: scripts whose letters join, reorder or run right to left."""


def _in(ranges: Iterable[tuple[int, int]], point: int) -> bool:
    return any(low <= point <= high for low, high in ranges)


def needs_shaping(text: str) -> bool:
    """Whether ``text`` has a character that only prints right when shaped (joining or
    right-to-left scripts, combining marks, joiners and direction marks)."""
    return any(ord(ch) >= 0x0300 and (
        _in(_COMPLEX_RANGES, ord(ch)) or unicodedata.combining(ch)
        or unicodedata.category(ch) == "Cf") for ch in text)


@functools.cache
def _can_shape() -> bool:
    """Whether fpdf2's text shaping can run (it needs uharfbuzz)."""
    return importlib.util.find_spec("uharfbuzz") is not None


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` no font of a document can print (in order, once each)."""
    covered = _printable()
    return list(dict.fromkeys(
        ch for ch in text if ord(ch) not in covered and ch not in "\n\t"
        and unicodedata.category(ch) not in _IGNORABLE))


def _name(ch: str) -> str:
    return f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"


def check_text(text: Any, *, field: str, limit: int, where: str = "the PDF") -> str:  # noqa: ANN401
    """``text`` when it can be printed in its place; else a message naming the field.

    Parameters
    ----------
    text : str
        What will be printed.
    field : str
        What it is, for the message (``"the name"``, ``"warning sign 3"``).
    limit : int
        The most characters that fit its place.
    where : str
        The document, for the message.

    Raises
    ------
    TypeError
        When ``text`` is not a string.
    PdfTextError
        When it is longer than ``limit``, has control characters, or has characters no
        font here prints (named, with the package that adds the missing font).
    """
    if not isinstance(text, str):
        raise TypeError(f"{field} must be text, not {type(text).__name__}")
    if len(text) > limit:
        raise PdfTextError(f"{field} is {len(text):,} characters long; at most {limit} fit "
                           f"on {where}; shorten it")
    control = [ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]
    if control:
        raise PdfTextError(f"{field} has a control character (U+{ord(control[0]):04X}); "
                           f"use letters, digits and punctuation")
    if needs_shaping(text) and not _can_shape():
        raise PdfTextError(f"{field} is in a script that needs text shaping (Arabic, "
                           f"Hebrew and others), which needs the uharfbuzz package; install "
                           f"the requirements (pip install -r requirements.txt)")
    missing = missing_characters(text)
    if missing:
        shown = ", ".join(_name(ch) for ch in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        hint = ""
        if _cjk_file() is None and any(_in(_CJK_RANGES, ord(ch)) for ch in missing):
            hint = (f"; the font for Chinese, Japanese and Korean is missing: install the "
                    f"Debian package {CJK_FONT_PACKAGE} (scripts/setup.sh does)")
        raise PdfTextError(f"{field} has characters no font here can print: {shown}{more}"
                           f"{hint}")
    return text


# --------------------------------------------------------------------- documents


def _fpdf_class() -> type:
    from fpdf import FPDF

    return FPDF


def _text_argument(args: tuple, kwargs: dict, position: int) -> Any:  # noqa: ANN401
    """The text of a cell(), multi_cell() or write() call, however it was passed."""
    if "text" in kwargs:
        return kwargs["text"]
    if "txt" in kwargs:  # fpdf2's deprecated name
        return kwargs["txt"]
    return args[position] if len(args) > position else ""


class _PrintsAnyScript:
    """Mixed into every document class: fonts added when first used, fallback fonts when
    text needs them, and shaping when its script needs it (see the module docstring)."""

    def set_font(self, family: str | None = None, style: str = "", size: float = 0) -> None:
        name = family or getattr(self, "font_family", "")
        key = "".join(sorted(str(style).upper().replace("U", "")))
        if name.lower() == FONT.lower() and key in _DEJAVU and (
                f"{FONT.lower()}{key}" not in self.fonts):
            self.add_font(FONT, key, str(_dejavu_dir() / _DEJAVU[key]))
        super().set_font(family, style, size)

    def _prepare(self, text: Any) -> None:  # noqa: ANN401 - what fpdf2 accepts
        """Before text is laid out: the fallback fonts it needs, and shaping if needed."""
        if not isinstance(text, str) or not text:
            return
        primary = getattr(self.current_font, "cmap", None)
        if primary is not None:
            wanted = {ord(ch) for ch in text if ord(ch) not in primary}
            for family, path in _fallbacks() if wanted else ():
                key = family.lower()
                if key not in self.fonts and wanted & _coverage(path):
                    self.add_font(family, "", str(path))
                    self._fallback_font_ids = [*self._fallback_font_ids, key]
                    self._fallback_font_exact_match = False
        shape = needs_shaping(text) and _can_shape()
        if shape != bool(self.text_shaping):
            self.set_text_shaping(shape)

    def _render_styled_text_line(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        # fpdf2 2.8.9 does not restore the font after a line that ends in a fallback font
        # (the next line's glyphs then print in the wrong font: garbage, or nothing).
        # Setting the font afresh at the start of every line avoids it.
        if self._fallback_font_ids:
            self.current_font_is_set_on_page = False
        return super()._render_styled_text_line(*args, **kwargs)

    def cell(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - fpdf2's signature
        self._prepare(_text_argument(args, kwargs, 2))
        return super().cell(*args, **kwargs)

    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - fpdf2's
        self._prepare(_text_argument(args, kwargs, 2))
        return super().multi_cell(*args, **kwargs)

    def write(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - fpdf2's signature
        self._prepare(_text_argument(args, kwargs, 1))
        return super().write(*args, **kwargs)


@functools.cache
def _document_class(base: type) -> type:
    """``base`` (fpdf.FPDF or a subclass) printing any script."""
    return type(base.__name__, (_PrintsAnyScript, base), {"__module__": base.__module__,
                                                           "__doc__": base.__doc__})


def new_document(*, orientation: str = "portrait", unit: str = "mm", format: str = "letter",  # noqa: A002
                 document_class: type | None = None, title: str | None = None,
                 lang: str = "en", creator: str | None = None) -> Any:  # noqa: ANN401
    """A new fpdf2 document that prints any script: use it for every PDF.

    Parameters
    ----------
    orientation, unit, format : str
        As for ``fpdf.FPDF``.
    document_class : subclass of ``fpdf.FPDF``, optional
        A document class of the caller (one with a ``header`` and ``footer``, say).
    title, lang, creator : str, optional
        The PDF's metadata.

    Returns
    -------
    fpdf.FPDF
        With :data:`FONT` set at 11 pt (its other styles are added on first use), the
        fallback fonts for other scripts, and text shaping where a script needs it.
        Finish it with :func:`pdf_bytes`.
    """
    base = document_class or _fpdf_class()
    if not issubclass(base, _fpdf_class()):
        raise TypeError(f"document_class must be a subclass of fpdf.FPDF, not {base!r}")
    pdf = _document_class(base)(orientation=orientation, unit=unit, format=format)
    if title is not None:
        pdf.set_title(title)
    if creator is not None:
        pdf.set_creator(creator)
    pdf.set_lang(lang)
    pdf.set_font(FONT, "", 11)
    return pdf


# ----------------------------------------------------------------------- output


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
