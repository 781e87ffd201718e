"""Fast redraws of a widget's figure: draw the unchanging parts once, as a picture.

Most of the time :func:`widgets.figures.figure_html` spends on a line chart goes into
text (tick labels, legend, titles), which never change when a slider moves.
:func:`freeze_static_layer` draws the figure once without its changing artists, keeps
that picture as the figure's background, and hides the artists it already contains.
Later ``figure_html`` calls then draw only the picture, the changing artists and the PNG
encoding: several times faster, pixel-for-pixel the same figure.

Conditions: axes limits, sizes and the static artists must not change afterwards (call
:func:`freeze_static_layer` again if they do), and the figure is saved at its own dpi.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["freeze_static_layer"]


class _Background(Artist):
    """A full-figure RGBA picture drawn straight onto the renderer (no resampling)."""

    def __init__(self, rgba: np.ndarray) -> None:
        super().__init__()
        self._rgba = rgba
        self.set_zorder(-100)

    def draw(self, renderer) -> None:  # noqa: ANN001 - a matplotlib renderer
        if not self.get_visible():
            return
        gc = renderer.new_gc()
        renderer.draw_image(gc, 0, 0, self._rgba)
        gc.restore()


def freeze_static_layer(fig: Figure, dynamic: Iterable[Artist]) -> None:
    """Turn everything but ``dynamic`` into a background picture of ``fig``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A fully set-up figure (limits, labels, legend in place).
    dynamic : iterable of Artist
        The artists that change between redraws (lines whose data is updated).
    """
    import matplotlib

    dynamic = list(dynamic)
    dpi = matplotlib.rcParams["savefig.dpi"]
    if dpi not in ("figure", fig.dpi):
        fig.set_dpi(float(dpi))
    for old in [a for a in fig.artists if isinstance(a, _Background)]:
        old.remove()
    # A second freeze first shows again what the first one folded into its picture.
    for artist in getattr(fig, "_iop_frozen", ()):
        artist.set_visible(True)
    for ax in fig.axes:
        ax.patch.set_visible(True)
        for spine in ax.spines.values():
            spine.set_visible(True)
    fig.patch.set_visible(True)
    static = [a for a in fig.findobj(include_self=False)
              if a not in dynamic and a.get_visible()]
    for artist in dynamic:
        artist.set_visible(False)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # runs the layout engine once, then layout is frozen below
    picture = np.asarray(canvas.buffer_rgba())[::-1].copy()
    fig.set_layout_engine(None)
    frozen = []
    for artist in static:
        if artist.axes is None or artist is not artist.axes:
            artist.set_visible(False)
            frozen.append(artist)
    fig._iop_frozen = frozen  # type: ignore[attr-defined]
    for ax in fig.axes:
        ax.patch.set_visible(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
    fig.patch.set_visible(False)
    fig.add_artist(_Background(picture))
    for artist in dynamic:
        artist.set_visible(True)
