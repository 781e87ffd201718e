"""The relapse-prevention plan: its model (widgets.relapse.model.plan), the gentle review
with the curriculum's worksheet (widgets.relapse.content), Markdown and one-page PDF export
(widgets.relapse.render)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from widgets.relapse import (
    MAX_ITEMS,
    MAX_TEXT,
    PLAN_FIELDS,
    RelapsePreventionPlan,
    from_mapping,
    plan_is_complete,
    plan_template,
    printed_items,
    review,
)
from widgets.relapse.render import (
    PRINT_MAX_ENTRY,
    PRINT_MAX_NAME,
    PlanTooLongError,
    to_markdown,
    to_pdf,
)

TEMPLATE = plan_template()
SECTIONS = TEMPLATE.sections
CRISIS_988 = TEMPLATE.crisis_line
EMERGENCY_911 = TEMPLATE.emergency_line

FULL = RelapsePreventionPlan(
    client="Marisol",
    counselor="Counselor J.",
    triggers=["Evenings alone after the kids are asleep", "Running into an old friend on my block",
              "Back pain after long shifts"],
    warning_signs=["Skipping group", "Staying up late", "Telling myself I have it handled"],
    coping_actions=["Text my peer coach before 9 pm", "Walk the other way and call my aunt",
                    "Ask my doctor about the pain; stretch after shifts"],
    people_to_call=["Aunt Rosa 555-0142", "Peer coach Devi 555-0177", "The program 555-0100"],
    reasons_for_recovery=["My children", "Going back to school"],
    lapse_plan=["Tell my coach the same day", "Go to group the next day, not hide"],
    medication_safety=["Buprenorphine every morning; Dr. Okafor at the clinic prescribes it",
                       "Naloxone in my bag and the kitchen drawer; my aunt knows how to use it",
                       "If I use, I will not use alone"],
    crisis_resources=["Program after-hours line 555-0199"],
)


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


# ------------------------------------------------------------------ model


def test_plan_stores_tuples_of_trimmed_nonempty_texts_when_given_lists():
    plan = RelapsePreventionPlan(triggers=["  payday  ", "", "   ", "bar\n after  work"])
    assert plan.triggers == ("payday", "bar after work")


def test_plan_splits_lines_when_a_section_is_one_text():
    plan = RelapsePreventionPlan(warning_signs="skipping meals\n\nisolating\n")
    assert plan.warning_signs == ("skipping meals", "isolating")


def test_plan_records_placeholders_when_sections_hold_ellipsis():
    plan = RelapsePreventionPlan(triggers=[...], coping_actions=..., client=...)
    assert plan.placeholders == {"triggers", "coping_actions", "client"}
    assert plan.triggers == () and plan.coping_actions == () and plan.client == ""


def test_plan_replaces_a_lone_surrogate_when_text_carries_one():
    plan = RelapsePreventionPlan(triggers=["pay\ud800day"], client="\udfffAna")
    assert plan.triggers == ("pay?day",) and plan.client == "?Ana"
    assert to_markdown(plan).encode("utf-8")


def test_plan_raises_type_error_when_an_item_is_not_text():
    with pytest.raises(TypeError, match="triggers"):
        RelapsePreventionPlan(triggers=["ok", 3])
    with pytest.raises(TypeError, match="client"):
        RelapsePreventionPlan(client=5)
    with pytest.raises(TypeError, match="people_to_call"):
        RelapsePreventionPlan(people_to_call=None)


def test_crisis_resources_always_start_with_988_and_never_repeat_it():
    plan = RelapsePreventionPlan(crisis_resources=["988", "Program line 555-0199"])
    assert printed_items(plan, "crisis_resources") == (CRISIS_988, "Program line 555-0199")
    assert plan.own_crisis_resources() == ("Program line 555-0199",)
    assert printed_items(RelapsePreventionPlan(), "crisis_resources") == (CRISIS_988,)
    assert "988" in CRISIS_988 and "911" in EMERGENCY_911


def test_section_raises_key_error_when_name_unknown():
    with pytest.raises(KeyError, match="sections are"):
        FULL.section("hobbies")


def test_from_mapping_round_trips_to_dict():
    assert from_mapping(FULL.to_dict()) == FULL


def test_from_mapping_raises_key_error_when_field_unknown():
    with pytest.raises(KeyError, match="hobbies"):
        from_mapping({"triggers": ["x"], "hobbies": ["y"]})


# ------------------------------------------------------------------ review


def test_review_has_no_notes_when_plan_is_full_and_consistent():
    assert review(FULL) == ()
    assert plan_is_complete(FULL)


def test_review_flags_every_section_gently_when_plan_is_empty():
    notes = review(RelapsePreventionPlan())
    missing = {n.section for n in notes if n.level == "missing"}
    assert missing == set(PLAN_FIELDS) - {"crisis_resources"}
    assert not plan_is_complete(RelapsePreventionPlan())
    for note in notes:
        assert "must" not in note.message.lower() and "error" not in note.message.lower()
        assert "!" not in note.message


def test_review_suggests_a_local_contact_when_only_988_is_listed():
    notes = review(RelapsePreventionPlan())
    assert any(n.section == "crisis_resources" and n.level == "suggestion" for n in notes)


def test_review_flags_placeholder_when_section_unfinished():
    notes = review(RelapsePreventionPlan(triggers=["payday", ...]))
    assert any(n.section == "triggers" and "placeholder" in n.message for n in notes)


def test_review_flags_contradiction_when_coping_action_is_also_a_trigger():
    plan = RelapsePreventionPlan(triggers=["Going to the bar after work"],
                                 coping_actions=["going to the bar after work!"])
    notes = [n for n in review(plan) if n.level == "contradiction"]
    assert len(notes) == 1 and notes[0].section == "coping_actions"
    assert "trigger and as a coping action" in notes[0].message


@pytest.mark.parametrize("action", ["Have a few drinks to relax", "Just one, then stop",
                                    "Get high only on weekends", "Take some pills to sleep"])
def test_review_flags_contradiction_when_coping_action_involves_using(action):
    plan = RelapsePreventionPlan(triggers=["stress"], coping_actions=[action])
    assert any(n.level == "contradiction" and "may involve using" in n.message
               for n in review(plan))


@pytest.mark.parametrize("action", ["Have a drink of water", "Call my sponsor",
                                    "Use my breathing exercise", "Drink tea and go to bed"])
def test_review_does_not_flag_using_when_coping_action_is_safe(action):
    plan = RelapsePreventionPlan(triggers=["stress"], coping_actions=[action])
    assert not [n for n in review(plan) if n.level == "contradiction"]


def test_review_flags_contradiction_when_person_to_call_is_part_of_a_trigger():
    plan = RelapsePreventionPlan(triggers=["Parties at Sam's place"],
                                 people_to_call=["Sam (cousin) 555-0100", "Aunt Rosa"])
    notes = [n for n in review(plan) if n.section == "people_to_call"]
    assert len(notes) == 1 and "'Sam'" in notes[0].message
    assert notes[0].level == "contradiction"


def test_review_does_not_flag_person_when_name_absent_from_triggers():
    plan = RelapsePreventionPlan(triggers=["Payday"], people_to_call=["Sam - sponsor"])
    assert not [n for n in review(plan) if n.section == "people_to_call"]


def test_review_suggests_more_coping_actions_when_triggers_outnumber_them():
    plan = RelapsePreventionPlan(triggers=["a", "b", "c"], coping_actions=["walk"])
    notes = [n for n in review(plan) if n.level == "suggestion" and n.section == "coping_actions"]
    assert notes and "3 triggers and 1 coping action." in notes[0].message


def test_review_suggests_removing_duplicates_when_an_item_repeats():
    plan = RelapsePreventionPlan(triggers=["Payday", "payday."])
    assert any("appears twice" in n.message for n in review(plan))


# ------------------------------------------------------------------ Markdown


def test_markdown_lists_every_section_and_item_when_plan_is_full():
    md = to_markdown(FULL)
    assert md.startswith("# My relapse-prevention plan\n")
    for section in SECTIONS:
        assert f"## {section.heading}" in md
        for item in printed_items(FULL, section.field):
            assert f"- {item}" in md
    assert CRISIS_988 in md and EMERGENCY_911 in md


def test_markdown_gives_blank_lines_when_section_is_empty():
    md = to_markdown(RelapsePreventionPlan())
    assert md.count("- " + "\\_" * 20) == 2 * (len(SECTIONS) - 1)
    assert "988" in md


def test_markdown_escapes_markdown_syntax_in_client_text():
    md = to_markdown(RelapsePreventionPlan(triggers=["*bold* [link](x) <b>"]))
    assert r"- \*bold\* \[link\](x) \<b\>" in md


# ------------------------------------------------------------------ PDF


def test_pdf_is_one_page_with_every_item_when_plan_is_full():
    pages, text = pdf_text(to_pdf(FULL))
    assert pages == 1
    flat = " ".join(text.split())
    assert "My relapse-prevention plan" in flat
    for section in SECTIONS:
        assert section.heading in flat
        for item in printed_items(FULL, section.field):
            assert item in flat
    assert "988" in flat and "911" in flat
    assert "Marisol" in flat


def test_pdf_is_a_blank_one_page_worksheet_when_plan_is_empty():
    pages, text = pdf_text(to_pdf(RelapsePreventionPlan()))
    assert pages == 1
    assert "Call or text 988" in text
    assert "____" in text


def test_pdf_is_identical_when_exported_twice():
    assert to_pdf(FULL) == to_pdf(FULL)


def _open_font_files() -> list[str]:
    import os

    fds = "/proc/self/fd"
    names = []
    for fd in os.listdir(fds):
        try:
            names.append(os.readlink(f"{fds}/{fd}"))
        except OSError:
            continue
    return [n for n in names if n.endswith(".ttf")]


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/fd"), reason="needs /proc")
def test_pdf_export_leaves_no_font_file_open_when_it_shrinks_to_fit():
    long = RelapsePreventionPlan(**{s.field: [f"{s.heading} item {i} with a few more words"
                                              for i in range(5)] for s in SECTIONS})
    before = _open_font_files()
    to_pdf(long)  # renders at several sizes, keeping the one that fits
    to_pdf(FULL)
    assert _open_font_files() == before


def test_pdf_keeps_non_latin_text_when_client_writes_in_another_script():
    plan = RelapsePreventionPlan(reasons_for_recovery=["Mi familia \u2013 \u201cmis hijos\u201d",
                                                       "\u00c9cole, caf\u00e9"])
    _, text = pdf_text(to_pdf(plan))
    assert "\u201cmis hijos\u201d" in text and "caf\u00e9" in text


def test_pdf_shrinks_to_one_page_when_plan_is_long():
    long = RelapsePreventionPlan(**{s.field: [f"{s.heading} item {i} with a few more words"
                                              for i in range(5)] for s in SECTIONS})
    pages, text = pdf_text(to_pdf(long))
    assert pages == 1
    assert "item 4" in text


def test_pdf_raises_gentle_error_when_plan_cannot_fit_one_page():
    huge = RelapsePreventionPlan(triggers=[f"trigger number {i} " * 8 for i in range(40)])
    with pytest.raises(PlanTooLongError, match="shorten"):
        to_pdf(huge)


# ------------------------------------------------------------------ bounds (issue 16)


@pytest.mark.parametrize("field, value, limit", [
    ("client", "y" * (PRINT_MAX_NAME + 1), f"at most {PRINT_MAX_NAME}"),
    ("counselor", "z" * 300, f"at most {PRINT_MAX_NAME}"),
    ("triggers", ["ok", "x" * 999], "'My triggers', entry 2, is 999 characters"),
    ("medication_safety", ["word " * 60], f"at most {PRINT_MAX_ENTRY} characters per entry"),
])
def test_pdf_names_an_over_long_field_before_rendering(field, value, limit, monkeypatch):
    import widgets.relapse.render as render

    def never(*_args):  # the check runs before any page is laid out
        raise AssertionError("rendered an over-long field")

    monkeypatch.setattr(render, "_render_pdf", never)
    with pytest.raises(PlanTooLongError, match=limit.replace("(", r"\(")):
        to_pdf(RelapsePreventionPlan(**{field: value}))


def test_plan_refuses_more_entries_than_a_section_holds():
    with pytest.raises(ValueError, match=f"triggers has more than {MAX_ITEMS} entries"):
        RelapsePreventionPlan(triggers=[f"t{i}" for i in range(MAX_ITEMS + 1)])
    with pytest.raises(ValueError, match=f"at most {MAX_TEXT} characters"):
        RelapsePreventionPlan(coping_actions=["w" * (MAX_TEXT + 1)])
    with pytest.raises(ValueError, match="client"):
        RelapsePreventionPlan(client="n" * (MAX_TEXT + 1))
    with pytest.raises(ValueError, match="lines"):
        RelapsePreventionPlan(lapse_plan=iter(lambda: "", None))  # endless blank lines
    assert len(RelapsePreventionPlan(triggers=[f"t{i}" for i in range(MAX_ITEMS)]).triggers) \
        == MAX_ITEMS


# ------------------------------------------------- medication and overdose safety (issue 15)


def test_plan_has_a_medication_and_overdose_safety_section_with_the_fixed_facts():
    section = TEMPLATE.section("medication_safety")
    assert section.heading == "Medication and overdose safety"
    texts = " ".join(f.text for f in section.always)
    assert "tolerance is lower" in texts and "call 911" in texts and "naloxone" in texts
    assert "not use alone" in texts
    cites = {key for f in section.always for key in f.cite}
    assert cites == {"CDC-2021", "AHRQ-MOUD", "Vivitrol-PI"}
    assert [s.field for s in SECTIONS].index("medication_safety") \
        == [s.field for s in SECTIONS].index("lapse_plan") + 1


def test_review_asks_for_medication_safety_gently_when_it_is_empty():
    plan = RelapsePreventionPlan(**(FULL.to_dict() | {"medication_safety": []}))
    [note] = review(plan)
    assert (note.section, note.level) == ("medication_safety", "missing")
    assert note.message.startswith("Medication and overdose safety: ")
    assert "naloxone" in note.message and not plan_is_complete(plan)


@pytest.mark.parametrize("entries, missing", [
    (["I take buprenorphine from Dr. Lee"], {"naloxone"}),
    (["Narcan in my bag; my sister can use it"], {"medication"}),
    (["Keep in touch with my counselor"], {"medication", "naloxone"}),
    (["No medication right now", "Naloxone at home"], set()),
    (["Methadone at the clinic every morning", "NARCAN in the car"], set()),
])
def test_review_suggests_the_medication_safety_points_left_out(entries, missing):
    plan = RelapsePreventionPlan(**(FULL.to_dict() | {"medication_safety": entries}))
    notes = [n for n in review(plan) if n.section == "medication_safety"]
    assert all(n.level == "suggestion" for n in notes)  # suggestions never block the plan
    found = {"naloxone" if "naloxone" in n.message else "medication" for n in notes}
    assert found == missing
    assert plan_is_complete(plan)


def test_medication_safety_is_in_every_export_when_the_plan_is_blank():
    blank = RelapsePreventionPlan()
    md = to_markdown(blank)
    assert "## Medication and overdose safety" in md and "> If I use opioids again" in md
    _, text = pdf_text(to_pdf(blank))
    flat = " ".join(text.split())
    assert "Medication and overdose safety" in flat and "tolerance is lower" in flat
    assert "stay until help arrives" in flat


def test_pdf_uses_the_largest_font_size_that_fits_one_page():
    """The size search (largest, smallest, then bisection) finds what a linear scan finds."""
    from widgets.core.pdf import close_fonts, pdf_bytes
    from widgets.relapse import render

    three = RelapsePreventionPlan(**{s.field: [f"{s.heading} entry {i}, a few more words"
                                               for i in range(3)] for s in SECTIONS})
    for plan in (FULL, three):
        for size in render._FONT_SIZES:
            pdf = render._render_pdf(plan, TEMPLATE, size)
            if pdf.pages_count == 1:
                break
            close_fonts(pdf)
        assert size < render._FONT_SIZES[0]  # the search had to shrink the font
        assert to_pdf(plan) == pdf_bytes(pdf)
