"""Shared pieces of the views: shared layout and style models, buttons, HTML widgets."""

from __future__ import annotations

import ipywidgets as W

from widgets.core.view import button, html, shared
from widgets.knowledge_check.view import knowledge_check


def test_html_widgets_share_one_layout_and_one_style():
    a, b = html("a"), html("b")
    assert a.layout is b.layout and a.style is b.style
    assert a.layout.width == "auto" and a.layout.max_width == "100%"


def test_buttons_share_colours_but_not_layout_so_one_can_be_hidden():
    a, b = button("A"), button("B")
    assert a.style is b.style
    assert a.layout is not b.layout
    a.layout.display = "none"
    assert b.layout.display is None


def test_a_closed_shared_model_is_made_again():
    first = shared("test-key", lambda: W.Layout(width="10px"))
    assert shared("test-key", lambda: W.Layout(width="99px")) is first
    first.close()
    again = shared("test-key", lambda: W.Layout(width="20px"))
    assert again is not first and again.width == "20px"


def _models(widget: W.Widget) -> set[str]:
    """Ids of the widget models a widget tree references (children, layout, style)."""
    seen: set[str] = set()

    def walk(w: W.Widget) -> None:
        if w.model_id in seen:
            return
        seen.add(w.model_id)
        for name in w.keys:
            value = getattr(w, name, None)
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, W.Widget):
                    walk(item)

    walk(widget)
    return seen


def test_a_knowledge_check_needs_few_models_per_question():
    check = knowledge_check("m04-check", recorder=None)
    per_question = len(_models(check)) / len(check.questions)
    # prompt, answer control (+ its label), button (+ layout), feedback, box: about 7;
    # with a layout and a style model each it would be about 15.
    assert per_question < 9, per_question
