"""The learner's own page: start recording, see progress per module, get the certificate."""

from __future__ import annotations

import base64
from html import escape

import ipywidgets as W

from widgets.certificate import CertificateError, certificate_data, render_pdf
from widgets.core.scoring import DEFAULT_PASS_MARK as PASS_THRESHOLD
from widgets.core.view import button, html
from widgets.progress import ProgressStore, ProgressStoreError, current_learner, set_learner

__all__ = ["MyProgress", "progress_table_html"]


def progress_table_html(store: ProgressStore, learner_id: str) -> str:
    """Per-module knowledge-check progress of one learner, as an HTML table."""
    rows = []
    for module, s in store.summary(learner_id).items():
        total = s.total or s.attempted
        status = "passed" if s.passed else "not yet passed"
        rows.append(f"<tr><td>{escape(module)}</td><td>{s.attempted} of {total}</td>"
                    f"<td>{s.correct} of {total} ({s.score:.0%})</td><td>{status}</td></tr>")
    return ('<table class="iop-table"><thead><tr><th scope="col">Module</th>'
            '<th scope="col">Questions answered</th><th scope="col">Correct (latest answer)'
            '</th><th scope="col">Knowledge check</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


class MyProgress(W.VBox):
    """Start recording under a learner id, see progress, and download the certificate.

    Attributes
    ----------
    learner_id : str or None
        The learner whose records are shown (the session's learner once started).
    """

    def __init__(self) -> None:
        self.learner_id = current_learner()
        self._learner = W.Text(value=self.learner_id or "", description="Learner id",
                               placeholder="e.g. your work e-mail or staff number",
                               style={"description_width": "initial"})
        self._start = button("Start recording", style="primary")
        self._name = W.Text(description="Name on the certificate",
                            style={"description_width": "initial"},
                            layout=W.Layout(width="auto"))
        self._certificate = button("Make my certificate")
        self._status = html()
        self._table = html()
        self._download = html()
        self._start.on_click(lambda _: self.start())
        self._certificate.on_click(lambda _: self.make_certificate())
        super().__init__([W.HBox([self._learner, self._start]), self._status, self._table,
                          W.HBox([self._name, self._certificate]), self._download])
        self.refresh()

    def start(self) -> None:
        """Record this session's answers under the learner id typed in."""
        learner = self._learner.value.strip()
        if not learner:
            self._status.value = '<p role="alert">Type a learner id first.</p>'
            return
        try:
            set_learner(learner)
        except ProgressStoreError as exc:
            self._status.value = f'<p role="alert">{escape(str(exc))}</p>'
            return
        self.learner_id = learner
        self.refresh()

    def refresh(self) -> None:
        """Show the learner's progress (or how to start)."""
        if not self.learner_id:
            self._status.value = ("<p>Nothing is recorded yet. Type a learner id and press "
                                  "<strong>Start recording</strong>: your answers in every "
                                  "module notebook are then kept on this computer.</p>")
            self._table.value = ""
            return
        try:
            with ProgressStore() as store:
                self._table.value = progress_table_html(store, self.learner_id)
        except ProgressStoreError as exc:
            self._status.value = f'<p role="alert">{escape(str(exc))}</p>'
            return
        self._status.value = (f'<p role="status">Recording as <strong>{escape(self.learner_id)}'
                              f"</strong>. A module's check is passed at "
                              f"{PASS_THRESHOLD:.0%} correct.</p>")

    def make_certificate(self) -> None:
        """Offer the certificate PDF, or say what is still missing."""
        name = self._name.value.strip()
        if not self.learner_id or not name:
            self._download.value = ('<p role="alert">Start recording and type the name to '
                                    "print first.</p>")
            return
        try:
            pdf = render_pdf(certificate_data(self.learner_id, name))
        except (CertificateError, ProgressStoreError) as exc:
            self._download.value = f'<p role="alert">{escape(str(exc))}</p>'
            return
        data = base64.b64encode(pdf).decode("ascii")
        self._download.value = (f'<p role="status">Your certificate is ready: <a download='
                                f'"iop-certificate.pdf" href="data:application/pdf;base64,'
                                f'{data}">download the PDF</a>.</p>')
