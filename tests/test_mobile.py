"""Phones: usable at 375 px width.

No page scrolls sideways, the facts box and figure cards reflow to one
column, navigation and list links are large enough to tap, the drawer and
the search work. Screenshots at phone and desktop widths go to
test-artifacts/ (not committed) for people to look at.
"""

from __future__ import annotations

import pytest

from _browsing import first_page, module_page, pages_of, search
from conftest import ARTIFACTS

PHONE = {"width": 375, "height": 812}
MIN_TARGET = 24  # px, WCAG 2.2 target size (minimum) for links outside running text
MIN_HEADER_BUTTON = 40  # px, the menu and search buttons in the header


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _overflow(page) -> list[str]:
    """Elements that stick out to the right of the screen, if the page scrolls sideways."""
    return page.evaluate("""() => {
      const root = document.documentElement, width = root.clientWidth;
      if (root.scrollWidth <= width) return [];
      const out = [];
      for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width && r.right > width + 1) out.push(`${el.tagName}.${el.className} right=${Math.round(r.right)}`);
      }
      return [`scrollWidth ${root.scrollWidth} > ${width}`, ...out.slice(0, 8)];
    }""")


def test_no_page_scrolls_sideways_on_a_phone(phone, built_site, site_server):
    pages = [p for p in pages_of(built_site) if not p.startswith(("schema/", "search/"))]
    assert len(pages) > 20
    too_wide = {}
    for path in pages:
        phone.goto(site_server + path)
        if problem := _overflow(phone):
            too_wide[path] = problem
    assert not too_wide, too_wide


def test_comparison_table_scrolls_inside_its_box(phone, built_site, site_server):
    if not (built_site / "compare" / "index.html").is_file():
        pytest.skip("no comparison page in this build")
    ids = sorted(p.parent.name for p in (built_site / "cases").glob("*/index.html"))[:4]
    phone.goto(f"{site_server}compare/?ids={','.join(ids)}")
    phone.locator(".cb-compare__grid").wait_for()
    assert _overflow(phone) == []


def test_facts_box_and_figure_cards_reflow(phone, built_site, site_server):
    phone.goto(site_server + first_page(built_site, "cases"))
    facts = phone.evaluate("""() => {
      const dt = document.querySelector(".cb-facts dt").getBoundingClientRect();
      const dd = document.querySelector(".cb-facts dd").getBoundingClientRect();
      return {dtLeft: dt.left, ddLeft: dd.left, ddTop: dd.top, dtBottom: dt.bottom};
    }""")
    assert abs(facts["dtLeft"] - facts["ddLeft"]) < 2 and facts["ddTop"] >= facts["dtBottom"] - 1, "one column: label above value"
    cards = phone.evaluate("""() => Array.from(document.querySelectorAll(".cb-figure")).map(f => {
      const r = f.getBoundingClientRect(); return [r.left, r.right, r.width]; })""")
    assert cards, "the first case has figure cards"
    width = PHONE["width"]
    for left, right, w in cards:
        assert left >= 0 and right <= width, (left, right)
        assert w >= width * 0.6, "cards use the width of the screen"
    values = phone.evaluate("""() => Array.from(document.querySelectorAll(".cb-figure > div")).map(v => v.scrollWidth <= v.clientWidth + 1)""")
    assert all(values), "figure values fit their card"
    value, counts = phone.evaluate("""() => [".cb-figure > div", ".cb-figure figcaption > span"].map(
        sel => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize))""")
    assert value >= 1.5 * counts, "the figure's value stands out from the counts under it"


def _targets(page, selector: str) -> list[tuple[str, float, float]]:
    return page.evaluate("""sel => Array.from(document.querySelectorAll(sel)).filter(e => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
      }).map(e => { const r = e.getBoundingClientRect(); return [e.textContent.trim().slice(0, 20), r.width, r.height]; })""", selector)


def test_tap_targets_are_large_enough(phone, built_site, site_server):
    checks = {
        "": ".cb-card__title, .cb-theme-grid a",
        "cases/": "[data-filters-toggle], #cb-filters-q, [data-filters-list] a[data-search-result], .cb-facet label",
        first_page(built_site, "cases"): ".cb-tag, .cb-case__actions a, .cb-case__actions button, .cb-practice__tools button, .cb-toc-button",
        "handout/?items=" + first_page(built_site, "cases").split("/")[1]: ".cb-handout__tool, .cb-handout__actions button, .cb-handout__item a",
        "glossary/": ".cb-term__cases a",
    }
    if module_page(built_site):
        checks["modules/"] = ".md-content a.cb-card__title, .md-content .cb-cards a"
    small = []
    for path, selector in checks.items():
        phone.goto(site_server + path)
        if path == "cases/":  # the filterable list, its conditions opened
            phone.wait_for_selector("[data-casebook-filters][data-state=done]")
            phone.click("[data-filters-toggle]")
        found = _targets(phone, selector)
        assert found or path in ("glossary/", "modules/"), f"nothing matches {selector} on /{path}"
        small += [(path, *t) for t in found if t[1] < MIN_TARGET or t[2] < MIN_TARGET]
        for name, w, h in _targets(phone, "label.md-header__button"):
            if w < MIN_HEADER_BUTTON or h < MIN_HEADER_BUTTON:
                small.append((path, "header button", w, h))
    assert not small, small


def test_header_basket_link_is_large_enough(phone, built_site, site_server):
    phone.goto(site_server + "handout/?items=" + first_page(built_site, "cases").split("/")[1])
    link = phone.locator(".cb-basket-link")
    link.wait_for()
    box = link.bounding_box()
    assert box["height"] >= MIN_HEADER_BUTTON - 8 and box["width"] >= MIN_HEADER_BUTTON, box
    assert _overflow(phone) == []


def test_case_page_contents_open_from_the_page(phone, browser, built_site, site_server):
    """Material keeps a page's contents in the site menu on phones; a case page opens them from a button."""
    path = first_page(built_site, "cases")
    phone.goto(site_server + path)
    toc = phone.evaluate("""() => Array.from(document.querySelectorAll(".md-sidebar--secondary .md-nav--secondary a.md-nav__link"))
                                 .map(a => [a.textContent.trim(), a.getAttribute("href")])""")
    assert len(toc) >= 6
    button = phone.locator(".cb-toc-button")
    assert button.is_visible() and button.inner_text() == "目录"
    button.click()
    dialog = phone.locator("dialog.cb-toc-dialog")
    assert dialog.is_visible()
    links = dialog.locator("a")
    assert [[t.strip(), h] for t, h in zip(links.all_inner_texts(), [a.get_attribute("href") for a in links.all()])] == [list(x) for x in toc]
    target = next(h for t, h in toc if t == "主要做法")
    dialog.locator(f'a[href="{target}"]').click()
    assert not dialog.is_visible()
    assert phone.evaluate("location.hash") == target
    assert phone.evaluate(f"document.querySelector('{target}').getBoundingClientRect().top") < 200  # scrolled there
    # Where the sidebar shows the contents, the button is not needed.
    wide = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    wide.goto(site_server + path)
    assert wide.locator(".cb-toc-button").count() == 1 and not wide.locator(".cb-toc-button").is_visible()
    wide.context.close()


def test_drawer_navigation_on_a_phone(phone, site_server):
    phone.goto(site_server)
    assert not phone.locator(".md-tabs").is_visible(), "tabs give way to the drawer on phones"
    phone.locator('label.md-header__button[for="__drawer"]').click()
    link = phone.locator(".md-sidebar--primary .md-nav__link", has_text="案例").first
    link.wait_for(state="visible")
    box = link.bounding_box()
    assert box["height"] >= 40
    with phone.expect_navigation():
        link.click()
    assert phone.url == site_server + "cases/"


def test_search_on_a_phone(phone, site_server):
    phone.goto(site_server)
    results = search(phone, "结穷亲")
    assert results and "三进三同" in results[0][0]
    # Once the opening animation is over, the results fit the screen.
    phone.wait_for_function("document.documentElement.scrollWidth <= document.documentElement.clientWidth", timeout=3000)
    # The overlay slides in; wait for the animation to end before measuring the first result.
    phone.wait_for_function(
        """() => { const a = document.querySelector("[data-casebook-search-result] a.md-search-result__link");
                   const r = a && a.getBoundingClientRect();
                   return r && r.left >= 0 && r.right <= window.innerWidth; }""",
        timeout=3000,
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots(browser, built_site, site_server, width):
    context = browser.new_context(viewport={"width": width, "height": 812 if width < 800 else 900}, locale="zh-CN",
                                  is_mobile=width < 800, has_touch=width < 800)
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {"home": "", "case-index": "cases/", "case": first_page(built_site, "cases")}
    if module_page(built_site):
        shots["module"] = module_page(built_site)
    for name, path in shots.items():
        page.goto(site_server + path)
        page.wait_for_load_state("networkidle")
        out = ARTIFACTS / f"{name}-{width}.png"
        page.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 10_000
    context.close()
