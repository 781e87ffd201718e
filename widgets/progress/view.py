"""The learner's own pages: the progress page, and the top of every module notebook.

- :class:`MyProgress` (``curriculum/progress.ipynb``): start or stop recording, progress
  per module, the certificate.
- :func:`module_header` (the first cell of each module notebook): time to learn, the
  training notice, and whether this notebook records your answers and as whom, with a
  one-click way to start.

Both carry a static rendering for the published book, which has no kernel and so records
nothing: it says where progress is kept instead of showing buttons that cannot work.
"""

from __future__ import annotations

import base64

import ipywidgets as W

from widgets.core.registry import module, modules, this_module
from widgets.core.render import render, stylesheet, table
from widgets.core.view import StaticFallback, button, html
from widgets.progress.certificate import CertificateError, certificate_data, render_pdf
from widgets.progress.learner import recording, set_learner
from widgets.progress.store import ProgressStore, ProgressStoreError

__all__ = ["MyProgress", "RecordingBanner", "module_header", "progress_table_html"]

_LEARNER_PLACEHOLDER = "e.g. your work e-mail or staff number"


def progress_table_html(store: ProgressStore, learner_id: str) -> str:
    """Per-module knowledge-check progress of one learner, as an HTML table."""
    rows = []
    for module_id, s in store.summary(learner_id).items():
        try:
            title = module(module_id).label
        except KeyError:
            title = module_id
        total = s.total or s.attempted
        rows.append((title, f"{s.attempted} of {total}",
                     f"{s.correct} of {total} ({s.score:.0%})",
                     "passed" if s.passed else "not yet passed"))
    return table(rows, headers=("Module", "Questions answered", "Correct (latest answer)",
                                "Knowledge check"), caption="Your progress per module",
                 row_headers=True)


class _StartControls(W.HBox):
    """A learner-id field and a Start button (shared by the page and the banner)."""

    def __init__(self, on_start) -> None:  # noqa: ANN001 - a callable taking the id
        self.learner = W.Text(description="Learner id", placeholder=_LEARNER_PLACEHOLDER,
                              style={"description_width": "initial"},
                              layout=W.Layout(width="auto", min_width="12em"))
        self.start = button("Start recording", style="primary")
        self.start.on_click(lambda _: on_start(self.learner.value))
        super().__init__([self.learner, self.start],
                         layout=W.Layout(flex_flow="row wrap"))


def _start(learner: str) -> str | None:
    """Start recording for ``learner`` everywhere; returns the problem, if any."""
    learner = learner.strip()
    if not learner:
        return "Type a learner id first."
    try:
        set_learner(learner)
    except ProgressStoreError as exc:
        return str(exc)
    return None


class RecordingBanner(StaticFallback, W.VBox):
    """Whether this notebook records the learner's answers, and as whom; start in one click.

    Attributes
    ----------
    learner_id : str or None
        Who is recording now (``None``: nobody).
    """

    def __init__(self) -> None:
        self._status = html()
        self._controls = _StartControls(self._started)
        self._stop = button("Stop recording")
        self._stop.on_click(lambda _: self.stop())
        super().__init__([self._status, self._controls, self._stop])
        self.refresh()

    @property
    def learner_id(self) -> str | None:
        """Who is recording now."""
        return recording().learner

    def _started(self, learner: str) -> None:
        problem = _start(learner)
        self.refresh(problem)

    def stop(self) -> None:
        """Stop recording in every notebook."""
        try:
            set_learner(None)
        except ProgressStoreError as exc:
            self.refresh(str(exc))
            return
        self.refresh()

    def refresh(self, problem: str | None = None) -> None:
        """Show who records now (and a problem, if starting failed)."""
        source = recording()
        self._status.value = render("progress/banner.html.j2", source=source, problem=problem)
        self._controls.layout.display = "none" if source.learner else None
        self._stop.layout.display = None if source.learner else "none"

    def static_html(self) -> str:
        """What the book says instead: recording happens where the notebooks run."""
        return render("progress/banner_static.html.j2")


def module_header() -> W.Widget:
    """The top of a module notebook: time to learn, the training notice, recording status.

    The module is the one whose folder the notebook runs in (its ``module.yaml``).
    """
    return _ModuleHeader(this_module())


class _ModuleHeader(StaticFallback, W.VBox):
    def __init__(self, spec) -> None:  # noqa: ANN001 - a ModuleSpec
        self.spec = spec
        self.banner = RecordingBanner()
        super().__init__([html(render("progress/module_header.html.j2", module=spec,
                                      stylesheet=stylesheet())), self.banner])

    def static_html(self) -> str:
        return render("progress/module_header.html.j2", module=self.spec,
                      stylesheet="") + self.banner.static_html()


class MyProgress(StaticFallback, W.VBox):
    """Start recording under a learner id, see progress, and download the certificate.

    Attributes
    ----------
    learner_id : str or None
        The learner whose records are shown (whoever records now).
    """

    def __init__(self) -> None:
        self._controls = _StartControls(self._started)
        self._stop = button("Stop recording")
        self._stop.on_click(lambda _: self.stop())
        self._name = W.Text(description="Name on the certificate",
                            style={"description_width": "initial"},
                            layout=W.Layout(width="auto"))
        self._certificate = button("Make my certificate")
        self._status = html()
        self._table = html()
        self._download = html()
        self._certificate.on_click(lambda _: self.make_certificate())
        super().__init__([html(stylesheet()), self._controls, self._stop, self._status,
                          self._table,
                          W.HBox([self._name, self._certificate],
                                 layout=W.Layout(flex_flow="row wrap")),
                          self._download])
        self.refresh()

    # the controls, by the names tests and notebooks have used
    @property
    def _learner(self) -> W.Text:
        return self._controls.learner

    @property
    def _start(self) -> W.Button:
        return self._controls.start

    @property
    def learner_id(self) -> str | None:
        """Who is recording now."""
        return recording().learner

    def start(self) -> None:
        """Record every notebook's answers under the learner id typed in."""
        self._started(self._learner.value)

    def _started(self, learner: str) -> None:
        self.refresh(_start(learner))

    def stop(self) -> None:
        """Stop recording in every notebook."""
        try:
            set_learner(None)
        except ProgressStoreError as exc:
            self.refresh(str(exc))
            return
        self.refresh()

    def refresh(self, problem: str | None = None) -> None:
        """Show the learner's progress (or how to start)."""
        source = recording()
        self._stop.layout.display = None if source.learner else "none"
        self._table.value = ""
        if source.learner:
            try:
                with ProgressStore(source.store) as store:
                    self._table.value = progress_table_html(store, source.learner)
            except ProgressStoreError as exc:
                problem = str(exc)
        marks = sorted({m.pass_mark for m in modules()})
        self._status.value = render("progress/status.html.j2", source=source,
                                    problem=problem, marks=marks)

    def make_certificate(self) -> None:
        """Offer the certificate PDF, or say what is still missing."""
        name = self._name.value.strip()
        source = recording()
        if not source.learner or not name:
            self._download.value = render("progress/alert.html.j2", text=(
                "Start recording and type the name to print first."))
            return
        try:
            with ProgressStore(source.store) as store:
                pdf = render_pdf(certificate_data(source.learner, name, store=store))
        except (CertificateError, ProgressStoreError) as exc:
            self._download.value = render("progress/alert.html.j2", text=str(exc))
            return
        self._download.value = render("progress/download.html.j2",
                                      data=base64.b64encode(pdf).decode("ascii"))

    def static_html(self) -> str:
        """The book's version: where progress is kept, and how to get a certificate."""
        return render("progress/page_static.html.j2")
