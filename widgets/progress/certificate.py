"""The certificate of completion: a PDF for a learner who passed every knowledge check.

A learner earns it when, in their records (:mod:`widgets.progress`), the latest answers
to every module's knowledge check reach that module's pass mark (its ``module.yaml``).
The certificate lists each module with its score and estimated hours (the module's
``minutes`` in ``module.yaml``), the total, the date, and the TAP 21 competencies the
learner practised: those the modules' ``module.yaml`` give for the check items and
simulations in the learner's records.

Example::

    from widgets.progress.certificate import write_certificate
    write_certificate("certificate.pdf", learner_id="ana-r", name="Ana R.")

When a check is not passed yet, :class:`CertificateNotEarned` says which modules are
missing and what each still needs.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from widgets.core import registry
from widgets.core.content import load
from widgets.core.pdf import FONT, PdfTextError, check_text, new_document, pdf_bytes
from widgets.core.schemas import CertificateSettings, Competency, CompetencyMap
from widgets.core.scoring import DEFAULT_PASS_MARK, needed_to_pass
from widgets.progress.store import ModuleSummary, ProgressStore, knowledge_check_catalog

__all__ = [
    "CertificateData",
    "CertificateError",
    "CertificateNotEarned",
    "MAX_NAME_CHARS",
    "MAX_ORGANISATION_CHARS",
    "ModuleResult",
    "certificate_data",
    "certificate_id",
    "render_pdf",
    "verify_certificate",
    "write_certificate",
]

CURRICULUM = "IOP Staff Training Curriculum"
MAX_NAME_CHARS = 80
"""Longest name printed on a certificate (characters): one line in 20-point type."""
MAX_ORGANISATION_CHARS = 80
"""Longest issuing organisation (``IOP_ORGANISATION``), in characters."""
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


class CertificateError(ValueError):
    """A certificate cannot be made (the message says why)."""


class CertificateNotEarned(CertificateError):
    """Not every module's knowledge check is passed yet.

    Attributes
    ----------
    missing : tuple of str
        One line per module still to pass, e.g. ``"m02: 6 of 10 correct (60%); 8
        needed"``.
    """

    def __init__(self, learner_id: str, missing: Iterable[str],
                 pass_marks: Iterable[float] = (DEFAULT_PASS_MARK,)) -> None:
        self.missing = tuple(missing)
        super().__init__(
            f"no certificate yet for learner {learner_id!r}: every module's knowledge check "
            f"must be passed ({_pass_mark_text(pass_marks)} of its questions correct, latest "
            f"answer counts). Still to pass: " + "; ".join(self.missing) + ".")


@dataclass(frozen=True)
class ModuleResult:
    """One module on the certificate."""

    module: str
    title: str
    correct: int
    total: int
    hours: float
    pass_mark: float = DEFAULT_PASS_MARK

    @property
    def score(self) -> float:
        """Fraction of the check's questions whose latest answer is correct."""
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class CertificateData:
    """Everything the certificate shows."""

    name: str
    learner_id: str
    issued: date
    modules: tuple[ModuleResult, ...]
    competencies: tuple[Competency, ...]
    certificate_id: str = ""
    """``IOP-XXXX-XXXX-XXXX``: checkable against the learner's records
    (:func:`verify_certificate`)."""
    settings: CertificateSettings | None = None
    """Who issues it (``curriculum/certificate.yaml``)."""

    @property
    def organisation(self) -> str:
        """The issuing organisation (``IOP_ORGANISATION`` wins over the settings file)."""
        env = " ".join(os.environ.get("IOP_ORGANISATION", "").split())
        if env:
            try:
                return check_text(env, field="the organisation (IOP_ORGANISATION)",
                                  limit=MAX_ORGANISATION_CHARS, where="the certificate")
            except PdfTextError as exc:
                raise CertificateError(str(exc)) from None
        return self.settings.organisation if self.settings else CURRICULUM

    @property
    def total_hours(self) -> float:
        """Sum of the modules' estimated hours."""
        return sum(m.hours for m in self.modules)


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100)}%"


def _pass_mark_text(marks: Iterable[float]) -> str:
    """``'80%'`` when every module has the same pass mark, else ``'its pass mark'``."""
    distinct = set(marks)
    return _percent(distinct.pop()) if len(distinct) == 1 else "its pass mark"


def _hours(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} hour" + ("" if text == "1" else "s")


def _still_missing(summary: ModuleSummary, title: str | None, pass_mark: float) -> str:
    label = f"{summary.module} ({title})" if title else summary.module
    total = summary.total or 0
    needed = needed_to_pass(total, pass_mark)
    if summary.attempted == 0:
        return f"{label}: not started ({total} questions; {needed} correct needed)"
    return (f"{label}: {summary.correct} of {total} correct ({_percent(summary.score)}); "
            f"{needed} needed" + (f", {total - summary.attempted} not answered yet"
                                  if summary.attempted < total else ""))


def certificate_data(learner_id: str, name: str, *, store: ProgressStore | None = None,
                     catalog: Mapping[str, Iterable[str]] | None = None,
                     cmap: CompetencyMap | None = None, root: Path | None = None,
                     issued: date | None = None) -> CertificateData:
    """Check that the learner has earned the certificate and gather what it shows.

    Parameters
    ----------
    learner_id : str
        Whose records count.
    name : str
        The name printed on the certificate (as the learner wants it written).
    store : ProgressStore, optional
        Where the records are (default: ``ProgressStore()``, the learner's own store).
    catalog : mapping of module id to check item ids, optional
        The modules and their knowledge-check items (default: every knowledge check in
        the curriculum).
    cmap : CompetencyMap, optional
        The competency map (default: the curriculum's).
    root : path, optional
        The repository root, for the module notebooks (default: the content root).
    issued : date, optional
        The date printed (default: today).

    Raises
    ------
    CertificateNotEarned
        When any module's check is not passed; the message lists each missing module.
    CertificateError
        When the name is empty, the curriculum has no knowledge checks, or a module is
        missing from the competency map (a curriculum problem, not the learner's).
    """
    name = " ".join(str(name).split())
    if not name:
        raise CertificateError("the name to print on the certificate is empty")
    try:
        check_text(name, field="the name", limit=MAX_NAME_CHARS, where="the certificate")
    except PdfTextError as exc:
        raise CertificateError(str(exc)) from None
    catalog = knowledge_check_catalog() if catalog is None else catalog
    if not catalog:
        raise CertificateError("the curriculum has no knowledge checks, so there is nothing "
                               "to certify")
    if store is None:
        with ProgressStore() as own:
            return certificate_data(learner_id, name, store=own, catalog=catalog, cmap=cmap,
                                    root=root, issued=issued)
    cmap = cmap if cmap is not None else load("competency-map", "competency-map", root)
    specs = {m.id: m for m in registry.modules(root)}
    summary = store.summary(learner_id, catalog)
    modules = sorted(catalog)
    missing = [_still_missing(summary[m], specs[m].label if m in specs else None,
                              specs[m].pass_mark if m in specs else DEFAULT_PASS_MARK)
               for m in modules if not summary[m].passed]
    marks = [specs[m].pass_mark if m in specs else DEFAULT_PASS_MARK for m in modules]
    if missing:
        raise CertificateNotEarned(learner_id, missing, marks)
    unlisted = [m for m in modules if m not in specs]
    if unlisted:
        raise CertificateError(
            f"module(s) {', '.join(unlisted)} have no module.yaml, which gives each module's "
            f"title, hours and competencies; the curriculum maintainers need to add them")
    results = []
    for m in modules:
        s = summary[m]
        results.append(ModuleResult(m, specs[m].label, s.correct, s.total or 0, specs[m].hours,
                                    specs[m].pass_mark))
    records = [r for r in store.records(learner_id) if r.module in catalog]
    items = {r.item_id for r in records}
    lookup = registry.item_competencies(root)
    numbers = sorted({n for item in items for n in lookup.get(item, ())})
    day = issued or date.today()
    settings = load("certificate-settings", "certificate", root)
    assert isinstance(settings, CertificateSettings)
    data = CertificateData(name, learner_id, day, tuple(results),
                           tuple(cmap.competency(n) for n in numbers),
                           certificate_id(learner_id, day, (r.uid for r in records)), settings)
    _ = data.organisation  # refuse an unprintable IOP_ORGANISATION now, not at printing
    return data


# ------------------------------------------------------------- certificate id


def _id_text(digest: bytes) -> str:
    code = base64.b32encode(digest).decode("ascii")[:12]
    return f"IOP-{code[:4]}-{code[4:8]}-{code[8:]}"


def _hasher(learner_id: str, issued: date) -> Any:  # noqa: ANN401 - a hashlib object
    return hashlib.sha256(f"iop-certificate\n{learner_id}\n{issued.isoformat()}\n".encode())


def certificate_id(learner_id: str, issued: date, record_uids: Iterable[str]) -> str:
    """The certificate's id: a digest of the learner, the date and the records it rests on.

    The same records on the same day give the same id; a changed, added or removed record
    gives another.  :func:`verify_certificate` checks an id against a store.
    """
    digest = _hasher(learner_id, issued)
    for uid in record_uids:
        digest.update(uid.encode("ascii", "replace") + b"\n")
    return _id_text(digest.digest())


def verify_certificate(certificate: str, learner_id: str, issued: date,
                       store: ProgressStore, catalog: Mapping[str, Iterable[str]] | None = None
                       ) -> bool:
    """Whether ``certificate`` was issued on ``issued`` from this learner's records.

    The records are append-only, so the records a certificate rests on are the first ones
    of the learner's history in some module of the curriculum: the id is recomputed after
    each of them in turn.
    """
    catalog = knowledge_check_catalog() if catalog is None else catalog
    wanted = certificate.strip().upper()
    digest = _hasher(learner_id, issued)
    for rec in store.records(learner_id):
        if rec.module not in catalog:
            continue
        digest.update(rec.uid.encode("ascii", "replace") + b"\n")
        if _id_text(digest.copy().digest()) == wanted:
            return True
    return False


# ------------------------------------------------------------------------ PDF


def _date_text(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def render_pdf(data: CertificateData) -> bytes:
    """The certificate as PDF bytes (US Letter, portrait).

    Page 1 is the certificate itself, whole on one page: the learner, the modules with
    their scores and hours, the date, the certificate id, the issuing organisation and a
    signature line.  The competencies practised follow on page 2.  Names print in any
    script (:func:`widgets.core.pdf.new_document`).
    """
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    blue = (0, 114, 178)  # Okabe-Ito blue, as in the book's figures
    note = data.settings.note if data.settings else ""
    curriculum = data.settings.curriculum if data.settings else CURRICULUM
    organisation = data.organisation

    class _Certificate(FPDF):
        def header(self) -> None:
            self.set_draw_color(*blue)
            self.set_line_width(0.8)
            self.rect(10, 10, self.w - 20, self.h - 20)

        def footer(self) -> None:
            self.set_y(-21)
            self.set_font(FONT, "", 7.5)
            self.set_text_color(90, 90, 90)
            self.multi_cell(0, 3.6, f"{' '.join(note.split())} Certificate "
                                    f"{data.certificate_id}, page {self.page_no()}.",
                            align="C")

    pdf = new_document(document_class=_Certificate, format="Letter", lang="en",
                       title=f"Certificate of completion: {data.name}",
                       creator="widgets.progress.certificate")
    pdf.set_author(organisation)
    pdf.set_subject(f"{curriculum}: certificate of completion {data.certificate_id}")
    pdf.set_creation_date(datetime.combine(data.issued, time(12, 0), tzinfo=UTC))
    pdf.set_auto_page_break(True, margin=24)
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    pdf.set_text_color(*blue)
    pdf.set_font(FONT, "B", 24)
    pdf.cell(0, 13, "Certificate of completion", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "", 13)
    pdf.cell(0, 7, curriculum, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 11)
    pdf.cell(0, 7, "This certifies that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 20)
    pdf.cell(0, 12, data.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    n = len(data.modules)
    pdf.multi_cell(
        0, 6, f"completed the {n} module{'s' if n != 1 else ''} of the curriculum and passed "
              f"each module's knowledge check (pass mark "
              f"{_pass_mark_text(m.pass_mark for m in data.modules)}), for an estimated "
              f"{_hours(data.total_hours)} of study.", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 9.5)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=blue)
    with pdf.table(col_widths=(16, 92, 34, 26), text_align=("LEFT", "LEFT", "CENTER", "CENTER"),
                   headings_style=heading, line_height=5.6) as table:
        table.row(["Module", "Title", "Knowledge check", "Est. hours"])
        for m in data.modules:
            table.row([m.module, m.title, f"{m.correct} of {m.total} ({_percent(m.score)})",
                       _hours(m.hours)])
        table.row(["", "Total", "", _hours(data.total_hours)])
    pdf.ln(5)
    pdf.set_font(FONT, "", 10.5)
    pdf.multi_cell(0, 6, f"Issued on {_date_text(data.issued)} by {organisation}",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, f"Certificate id: {data.certificate_id}   Learner record: "
                         f"{data.learner_id}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    line_y = pdf.get_y()
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, line_y, pdf.l_margin + 80, line_y)
    pdf.line(pdf.w - pdf.r_margin - 50, line_y, pdf.w - pdf.r_margin, line_y)
    pdf.set_font(FONT, "", 9)
    signatory = data.settings.signatory if data.settings else "Training director"
    pdf.multi_cell(80, 5, f"{signatory}, {organisation}", new_x="RIGHT", new_y="TOP")
    pdf.set_x(pdf.w - pdf.r_margin - 50)
    pdf.cell(50, 5, "Date", new_x="LMARGIN", new_y="NEXT")
    if pdf.page_no() != 1:  # pragma: no cover - guarded by a test with six modules
        raise CertificateError("the certificate's first page overflowed; shorten the titles")

    pdf.add_page()
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 8, "TAP 21 competencies practised", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9.5)
    pdf.multi_cell(0, 5, f"Practised by {data.name} in the knowledge checks and simulations "
                         f"of the curriculum (certificate {data.certificate_id}).",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if data.competencies:
        for comp in data.competencies:
            pdf.multi_cell(0, 5, f"{comp.number}. {comp.summary} ({comp.area})",
                           align="L", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, 5, "None recorded.", new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)


def write_certificate(path: str | Path, learner_id: str, name: str, **kwargs) -> Path:
    """Check eligibility (:func:`certificate_data`) and write the PDF to ``path``.

    Keyword arguments are those of :func:`certificate_data`.  Nothing is written when
    the certificate is not earned.
    """
    data = certificate_data(learner_id, name, **kwargs)
    target = Path(path)
    target.write_bytes(render_pdf(data))
    return target
