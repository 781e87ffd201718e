"""Reader's journey: every page of the published book, offline, as a reader meets it.

Served on 127.0.0.1 with every other host blocked: no console error, no request off the
machine, no failed local request; every control on a page does something (a control with
no kernel behind it must not be there); nothing overflows a 390 px phone screen.
"""

from __future__ import annotations

import pytest

from tests.book.browser import Traffic, offline_browser, open_offline, serve
from tests.book.test_accessibility import book_pages

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("learner-book")]

ARTICLE = "main article, main .bd-article, main"
PYTHON_REPRS = ("[('", "{'", "')]", "np.float", "np.int", " object at 0x", "<widgets.",
                "Markup(", "dtype=")
"""Text that means a Python value reached a reader unformatted."""

# For each control in the page's content: operate it as a reader would, and report the
# controls after which nothing changed (the article's HTML, the URL, the control's own
# expanded state). A choice (radio, checkbox) counts as working when the button of its
# own question then changes the page.
_DEAD_CONTROLS = """
async (root) => {
  const article = document.querySelector(root);
  const wait = (ms) => new Promise(r => setTimeout(r, ms));
  const visible = (el) => el.offsetParent !== null && !el.disabled;
  const snapshot = () => article.innerHTML + '|' + location.href;
  const dead = [];
  const controls = [...article.querySelectorAll('button, select, input, textarea')]
    .filter(visible);
  for (const el of controls) {
    if (!document.contains(el) || !visible(el)) continue;
    const before = snapshot();
    const label = (el.getAttribute('aria-label') || el.textContent || el.name || el.type
                   || el.tagName).trim().slice(0, 60);
    if (el.tagName === 'SELECT') {
      if (el.options.length < 2) { dead.push('select: ' + label); continue; }
      el.selectedIndex = (el.selectedIndex + 1) % el.options.length;
      el.dispatchEvent(new Event('change', {bubbles: true}));
    } else if (el.tagName === 'INPUT' && ['radio', 'checkbox'].includes(el.type)) {
      el.click();
      const group = el.closest('form, fieldset, [data-iop-question]');
      const submit = group && [...group.querySelectorAll('button')].find(visible);
      if (!submit) { dead.push(el.type + ' without a button: ' + label); continue; }
      submit.click();
    } else if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') {
      el.value = 'reader text';
      el.dispatchEvent(new Event('input', {bubbles: true}));
      el.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
      el.click();
    }
    await wait(150);
    if (snapshot() === before) dead.push(el.tagName.toLowerCase() + ': ' + label);
  }
  return dead;
}
"""


@pytest.fixture(scope="module")
def pages(learner_book):
    _, html = learner_book
    return html, [p.relative_to(html).as_posix() for p in book_pages(html)]


def test_every_page_loads_offline_without_errors_and_every_control_does_something(pages):
    html, paths = pages
    problems = []
    with serve(html) as base, offline_browser() as browser:
        for rel in paths:
            traffic = Traffic()
            page = open_offline(browser, f"{base}/{rel}", traffic)
            page.wait_for_load_state("networkidle")
            root = next(s for s in ARTICLE.split(", ") if page.locator(s).count())
            text = page.inner_text(root)
            reprs = [r for r in PYTHON_REPRS if r in text]
            dead = page.evaluate(_DEAD_CONTROLS, root)
            widgets = page.locator(".jupyter-widgets .widget-button, .jupyter-widgets select,"
                                   " .jupyter-widgets input").count()
            for what, found in (("console errors", traffic.console_errors),
                                ("requests off the machine", traffic.external),
                                ("failed local requests", traffic.failed),
                                ("controls that do nothing", dead),
                                ("Python values shown raw", reprs)):
                if found:
                    problems.append(f"{rel}: {what}: {found[:5]}")
            if widgets:
                problems.append(f"{rel}: {widgets} live-widget controls with no kernel")
            page.close()
    assert not problems, "\n".join(problems)


def test_no_page_overflows_a_390_px_screen(pages):
    html, paths = pages
    overflowing = []
    with serve(html) as base, offline_browser() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844},
                                      device_scale_factor=2, is_mobile=True)
        for rel in paths:
            page = context.new_page()
            page.goto(f"{base}/{rel}", wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390 + 1:
                wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
                    .filter(e => e.getBoundingClientRect().right > 392
                            && !e.closest('.iop-scroll, .table-wrapper, pre, .highlight'))
                    .slice(0, 3).map(e => e.tagName + '.' + e.className)""")
                overflowing.append(f"{rel}: {width} px wide ({wide})")
            page.close()
        context.close()
    assert not overflowing, "\n".join(overflowing)
