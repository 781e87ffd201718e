"""A figure that renders its static parts once, for simulators that redraw often.

Rendering a small matplotlib figure to PNG costs tens of milliseconds, mostly in text
(tick labels, legends).  A simulator that only moves a few bars does not need to redraw
that text: :class:`BlitFigure` keeps an image of everything except its *animated*
artists and, on later draws with the same Agg renderer, restores that image and draws
only the animated artists on top (matplotlib's "blitting").  It is a plain
:class:`~matplotlib.figure.Figure` otherwise, so :func:`widgets.figures.figure_html`
renders it as usual.

Rules for users: register artists that change with :meth:`BlitFigure.animate` (they are
drawn last, above everything else); call :meth:`BlitFigure.invalidate` after changing
anything else; call :meth:`BlitFigure.freeze_layout` once the figure is complete.
"""

from __future__ import annotations

from typing import Any

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["BlitFigure", "new_blit_figure"]


class BlitFigure(Figure):
    """A :class:`~matplotlib.figure.Figure` that caches its static background."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        FigureCanvasAgg(self)  # a persistent Agg canvas keeps one renderer across savefig
        self._animated: list[Artist] = []
        self._background: tuple[tuple[int, int, int], Any] | None = None

    def animate(self, *artists: Artist) -> None:
        """Mark artists as changing: they are left out of the cached background."""
        self._animated.extend(artists)
        self._background = None

    def invalidate(self) -> None:
        """Forget the cached background (after changing a static artist)."""
        self._background = None

    def freeze_layout(self) -> None:
        """Run the layout engine once, then keep that layout for every later draw."""
        self.canvas.draw()
        self.set_layout_engine(None)
        self._background = None

    def draw(self, renderer: Any) -> None:
        """Draw the background (cached when possible), then the animated artists."""
        if not hasattr(renderer, "copy_from_bbox") or not self._animated:
            super().draw(renderer)
            return
        key = (id(renderer), int(renderer.width), int(renderer.height))
        if self._background is not None and self._background[0] == key:
            renderer.restore_region(self._background[1])
        else:
            shown = [(a, a.get_visible()) for a in self._animated]
            for artist, _ in shown:
                artist.set_visible(False)
            try:
                super().draw(renderer)
            finally:
                for artist, visible in shown:
                    artist.set_visible(visible)
            self._background = (key, renderer.copy_from_bbox(self.bbox))
        for artist in self._animated:
            if artist.get_visible():
                artist.draw(renderer)
        self.stale = False


def new_blit_figure(width: float = 7.0, height: float = 3.5) -> BlitFigure:
    """A :class:`BlitFigure` with constrained layout (call ``freeze_layout`` when done)."""
    return BlitFigure(figsize=(width, height), layout="constrained")
