"""The check as the book renders it for the browser: accessible controls in an inert
template, grading data as safely escaped JSON, the module's pass mark."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from widgets.core.registry import module_of_check
from widgets.core.scoring import needed_to_pass
from widgets.knowledge_check import load_check
from widgets.knowledge_check.render import browser_data, static_html
from widgets.knowledge_check.schemas import KnowledgeCheck

HOSTILE = KnowledgeCheck.model_validate({
    "kind": "knowledge-check", "id": "x-check", "title": "A </script> & <b>title</b>",
    "questions": [{
        "id": "q1", "type": "single", "prompt": "Is <script>alert(1)</script> text?",
        "options": [
            {"id": "a", "text": "</script><script>alert(2)</script>", "correct": True,
             "feedback": "Yes & </template>"},
            {"id": "b", "text": "No", "correct": False, "feedback": "<img src=x onerror=1>"}],
        "explanation": "It is text.", "cite": ["SAMHSA-Adv2021"]}]})


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(str(html), "html.parser")


def test_content_never_becomes_markup_or_leaves_the_json():
    page = str(static_html(HOSTILE, pass_mark=0.8))
    soup = _soup(page)
    assert len(soup.find_all("script")) == 1  # only the JSON data block
    data = soup.find("script", class_="iop-check-data")
    assert "</" not in data.string and json.loads(data.string)["check"] == "x-check"
    assert "<img" not in page and "alert(2)</script>" not in page
    template = soup.find("template")
    assert "&lt;/script&gt;&lt;script&gt;alert(2)" in str(template)


def test_interactive_check_has_a_labelled_control_for_every_option():
    check = load_check("m01-check")
    template = _soup(static_html(check)).find("template", class_="iop-check-template")
    template = _soup(template.decode_contents())  # its text, as the browser clones it
    fieldsets = template.find_all("fieldset", class_="iop-q")
    assert [f["data-question"] for f in fieldsets] == [q.id for q in check.questions]
    for fieldset, q in zip(fieldsets, check.questions, strict=True):
        assert q.prompt in fieldset.legend.get_text()
        inputs = fieldset.find_all("input")
        kind = "radio" if q.type == "single" else "checkbox"
        assert [i["type"] for i in inputs] == [kind] * len(q.options)
        assert len({i["name"] for i in inputs}) == 1
        for i in inputs:
            assert fieldset.find("label", attrs={"for": i["id"]}) is not None
        feedback = fieldset.find(class_="iop-feedback")
        assert feedback.has_attr("hidden")
        right = [p.get_text() for p in feedback.find_all("p", attrs={"data-show": "wrong"})]
        if q.type == "single":
            letter = "ABCDEFGH"[[o.correct for o in q.options].index(True)]
            text = next(o.text for o in q.options if o.correct)
            assert right == [f"The correct answer: {letter}. {text}"]
        else:
            assert right == [] and fieldset.find(attrs={"data-show": "missed-some"})
        assert len(fieldset.find_all("button")) == 1
    assert template.find(attrs={"aria-live": "polite"}) is not None
    assert len(template.find_all(id=True)) == len({e["id"] for e in template.find_all(id=True)})


def test_grading_data_comes_from_the_yaml_and_the_modules_pass_mark():
    check = load_check("m01-check")
    mark = module_of_check("m01-check").pass_mark
    soup = _soup(static_html(check))
    data = json.loads(soup.find("script", class_="iop-check-data").string)
    assert data == json.loads(json.dumps(browser_data(check, mark)))
    assert data["needed"] == needed_to_pass(len(check.questions), mark)
    for q, dq in zip(check.questions, data["questions"], strict=True):
        assert dq["correct"] == [o.id for o in q.options if o.correct]
    assert _soup(static_html(check, pass_mark=0.5)).find(
        "script", class_="iop-check-data").string.count('"needed": 5')


def test_a_check_no_module_lists_has_no_pass_mark():
    with pytest.raises(KeyError, match="no module lists"):
        static_html(HOSTILE)


def test_the_readable_questions_stay_for_readers_without_javascript():
    check = load_check("m01-check")
    soup = _soup(static_html(check))
    static = soup.find(class_="iop-check-static")
    assert len(static.find_all("details")) == len(check.questions)
    assert static.find("input") is None
    assert re.search(r"Answer and feedback for question 1", static.get_text())
