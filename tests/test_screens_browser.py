"""What staff see (issue 29), in a real Chromium: every page kind fits from 320 to 1920 px,
over the sample and a 300-dispatch generated archive; a dispatch prints as on paper; a
large unit board opens at its urgent groups and its filters narrow it; axe-core finds no
WCAG A/AA violation."""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from pathlib import Path

import pypdfium2
import pytest

from tests.support.corpus import generate

from .conftest import build_corpus, screenshot

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1366, 1920)
OVERFLOW = """() => {
  const symbols = [...document.querySelectorAll('.symbol, .archive-search__symbol')]
    .filter(e => e.offsetParent && e.getClientRects().length > 1).map(e => e.textContent);
  return [document.documentElement.scrollWidth, window.innerWidth, symbols];
}"""


@pytest.fixture(scope="module")
def archive_300(tmp_path_factory):
    """A 300-dispatch generated archive, built: its site dir."""
    out = tmp_path_factory.mktemp("archive-300")
    generate(300, out / "in")
    return build_corpus(out / "in", out)[0]


def page_kinds(site: Path, dispatches: int) -> list[str]:
    """Pages of every kind: home, browse indexes and groups, unit index and the largest unit
    boards, tasks, references, help, and the first `dispatches` dispatch pages."""
    records = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    units = sorted((p for p in site.glob("don-vi/*.html") if p.name != "index.html"), key=lambda p: p.stat().st_size)
    groups = [sorted(site.glob(f"{folder}/*.html"))[:2] for folder in ("nam", "loai", "thang", "soan-thao", "nguoi-ky")]
    pages = [p.relative_to(site).as_posix() for p in [*units[-3:], *(p for g in groups for p in g)]]
    return ["index.html", "don-vi/index.html", "nhiem-vu/index.html", "van-ban-dan-chieu/index.html",
            "tro-giup.html", *pages, *(r["url"] for r in records[:dispatches])]


def overflowing(browser, site: Path, pages: list[str]) -> list[tuple]:
    """(width, page, page width, symbols broken across lines) of every page that scrolls
    sideways or breaks a symbol, at each of WIDTHS; the search panel open counts as a page."""
    found = []
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        for name in pages:
            page.goto(site.as_uri() + "/" + name)
            scroll, inner, broken = page.evaluate(OVERFLOW)
            found += [(width, name, scroll, broken)] if scroll > inner or broken else []
        page.goto(site.as_uri() + "/index.html?q=b%E1%BA%A3o+hi%E1%BB%83m")
        page.wait_for_function("document.querySelector('form[data-archive-search]').dataset.state === 'done'")
        scroll, inner, broken = page.evaluate(OVERFLOW)
        found += [(width, "search", scroll, broken)] if scroll > inner or broken else []
        page.close()
    return found


def test_no_page_of_the_sample_scrolls_sideways_or_breaks_a_symbol(browser, sample_site):
    site = sample_site[0]
    assert overflowing(browser, site, page_kinds(site, 5)) == []


def test_no_page_of_a_300_dispatch_archive_scrolls_sideways_or_breaks_a_symbol(browser, archive_300):
    assert overflowing(browser, archive_300, page_kinds(archive_300, 25)) == []


def test_lists_stack_into_rows_on_a_phone(browser, sample_site):
    """Below the breakpoint a dispatch list's row is date · number · type over the subject."""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(sample_site[0].as_uri() + "/index.html")
    row = page.locator(".dispatch-list tbody tr").first
    cells = [row.locator("td").nth(i).bounding_box() for i in range(4)]
    assert cells[0]["y"] == pytest.approx(cells[1]["y"], abs=4) == pytest.approx(cells[2]["y"], abs=4)
    assert cells[3]["y"] >= cells[0]["y"] + cells[0]["height"] - 1 and cells[3]["width"] > 300
    page.close()


def test_381_prints_as_on_paper(browser, sample_site):
    """A4, at most 2 pages; the issuer, the motto and its tagline each on as many lines as
    the document writes them (one); page 2 numbered at the top, page 1 not; no web chrome."""
    site = sample_site[0]
    record = next(r for r in json.loads((site / "catalog.json").read_text(encoding="utf-8"))
                  if r["symbol"] == "381/BHXH-VP")
    page = browser.new_page()
    page.goto(site.as_uri() + "/" + record["url"])
    pdf = pypdfium2.PdfDocument(page.pdf(prefer_css_page_size=True))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert 1 <= len(pdf) <= 2
    width, height = pdf[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    lines = [line.strip() for line in texts[0].splitlines()]
    header = [record["issuer"].upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert [sum(part in line for line in lines) for part in header] == [1, 1, 1]
    assert all(part in lines for part in header), lines[:8]  # each whole on its line
    assert lines[0] == header[0]  # page 1: no number, no site header or title above the issuer
    if len(pdf) > 1:
        assert texts[1].splitlines()[0].strip() == "2"
    assert "Kho công văn" not in "".join(texts) and "Tải tệp gốc" not in "".join(texts)
    page.close()


def test_a_large_board_opens_at_its_urgent_groups_and_its_filters_narrow_it(browser, archive_300):
    site = archive_300
    boards = {p: p.read_text(encoding="utf-8").count('data-task="') for p in site.glob("don-vi/*.html")}
    path = max(boards, key=boards.get)
    assert boards[path] >= 300
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    groups = page.locator("details.task-group")
    opened = [g.get_attribute("data-group") for g in groups.all() if g.get_attribute("open") is not None]
    assert opened and set(opened) <= {"qua-han", "trong-tuan"} and groups.first.get_attribute("data-group") in opened
    visible = page.locator("li.task-list-item:visible")

    def shown():
        return visible.count(), sum(int(c) for c in page.locator(".task-group-count").all_inner_texts())

    before, counted = shown()
    assert before > 0 and counted == boards[path]
    year = page.locator(".task-filters select[name=year]")
    year.select_option(index=1)
    after_year, counted_year = shown()
    assert 0 < counted_year < counted
    assert all(li.get_attribute("data-year") == year.input_value() for li in visible.all())
    page.locator(".task-filters select[name=year]").select_option("")
    page.locator(".task-filters select[name=type]").select_option("Kế hoạch")
    assert all(li.get_attribute("data-type") == "Kế hoạch" for li in visible.all())
    page.locator(".task-filters select[name=type]").select_option("")
    word = "tuyên truyền"
    page.locator(".task-filters input[type=search]").fill("tuyen truyen")
    _, counted_word = shown()
    assert 0 < counted_word < counted
    assert all(word in li.inner_text().lower() for li in visible.all())
    page.locator(".task-filters input[type=search]").fill("")
    page.locator(".task-filters select[name=within]").select_option("30")
    as_of = page.locator(".task-board").get_attribute("data-as-of")
    dues = [li.get_attribute("data-due") for li in page.locator("li.task-list-item:not(.task-filtered)").all()]
    assert dues and all(due and due < _days_after(as_of, 30) for due in dues)
    screenshot(page, "board-300-filtered")
    context.close()


def _days_after(iso: str, days: int) -> str:
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=days)).isoformat()


def test_a_ticked_task_loses_its_overdue_mark_and_goes_after_the_open_ones(browser, sample_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(sample_site[0].as_uri() + "/don-vi/bhxh-cac-tinh.html")
    overdue = page.locator("details[data-group=qua-han] li.task-list-item")
    first = overdue.first
    key = first.locator("span.task-key").get_attribute("data-task")
    assert first.locator(".overdue").is_visible()
    first.locator("input[type=checkbox]").click(force=True)
    ticked = page.locator(f'li:has(span[data-task="{key}"])')
    assert not ticked.locator(".overdue").is_visible()
    boxes = [li.bounding_box()["y"] for li in overdue.all()]
    assert ticked.bounding_box()["y"] == max(boxes)
    context.close()


def test_tick_boxes_contrast_with_the_page(browser, sample_site):
    """The box's colour against the page: at least 3:1 (WCAG 1.4.11), ticked or not."""
    page = browser.new_page()
    page.goto(sample_site[0].as_uri() + "/don-vi/bhxh-cac-tinh.html")
    indicator = page.locator(".task-list-indicator").first
    colours = [indicator.evaluate("e => getComputedStyle(e, '::before').backgroundColor")]
    indicator.locator("xpath=..").locator("input").check(force=True)
    colours.append(indicator.evaluate("e => getComputedStyle(e, '::before').backgroundColor"))
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert all(_contrast(c, background) >= 3 for c in colours), colours
    page.close()


def _luminance(css: str, under=(255, 255, 255)) -> float:
    r, g, b, *a = [float(x) for x in re.findall(r"[\d.]+", css)]
    alpha = a[0] if a else 1.0
    mixed = [alpha * c + (1 - alpha) * u for c, u in zip((r, g, b), under)]
    lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in mixed]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(colour: str, background: str) -> float:
    light, dark = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_axe_finds_no_wcag_a_or_aa_violation(browser, sample_site, archive_300):
    """Home, a dispatch page, the largest unit board and a search's results."""
    from axe_playwright_python.sync_playwright import Axe

    site = sample_site[0]
    boards = sorted(archive_300.glob("don-vi/*.html"), key=lambda p: p.stat().st_size)
    pages = [site.as_uri() + "/index.html", site.as_uri() + "/van-ban/2021/381-bhxh-vp-bhxhvn.html",
             boards[-1].as_uri(), site.as_uri() + "/index.html?q=b%E1%BA%A3o+hi%E1%BB%83m"]
    page, axe, found = browser.new_page(), Axe(), {}
    for url in pages:
        page.goto(url)
        if "?q=" in url:
            page.wait_for_function("document.querySelector('form[data-archive-search]').dataset.state === 'done'")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
        found[url] = [(v["id"], len(v["nodes"])) for v in results.response["violations"]]
    page.close()
    assert found == {url: [] for url in pages}


def test_search_filters_count_the_results_and_work_by_keyboard(browser, sample_site):
    """After a query the type and year choices count its results (the CLI's answer), not the
    archive; arrowing through a choice narrows the results."""
    from generator.search.query import search as run_search

    site = sample_site[0]
    query = "Tết Nguyên đán"
    expected = run_search(site, query, limit=100)
    page = browser.new_page()
    page.goto(site.as_uri() + "/index.html?q=" + query)
    page.wait_for_function("document.querySelector('form[data-archive-search]').dataset.state === 'done'")
    types = page.locator("select[name=type] option").all_inner_texts()[1:]
    want = Counter(r["type"] for r in expected.results)
    assert 0 < expected.total < 5 and sorted(types) == sorted(f"{t} ({n})" for t, n in want.items())
    years = page.locator("select[name=year] option").all_inner_texts()[1:]
    assert sorted(years) == sorted(f"{y} ({n})" for y, n in Counter(r["date"][:4] for r in expected.results).items())
    page.locator("select[name=year]").focus()
    page.keyboard.press("ArrowDown")
    year = page.locator("select[name=year]").input_value()
    page.wait_for_function("y => new URLSearchParams(location.search).get('year') === y", arg=year)
    dates = page.locator(".archive-search__result .archive-search__date").all_inner_texts()
    assert year and dates and all(d.endswith(year) for d in dates)
    page.wait_for_function("document.querySelector('form[data-archive-search]').dataset.state === 'done'")
    assert page.locator("select[name=year] option").all_inner_texts()[1:] == years  # its own choice aside
    narrowed = Counter(r["type"] for r in run_search(site, query, {"year": year}, limit=100).results)
    types = page.locator("select[name=type] option").all_inner_texts()[1:]
    assert sorted(types) == sorted(f"{t} ({n})" for t, n in narrowed.items())
    page.close()


def test_a_symbol_opened_from_search_is_marked_only_where_it_stands_whole(browser, sample_site):
    """381/BHXH-VP's page opened for that query marks 381/BHXH-VP, and no BHXH-VP of the
    287/BHXH-VP it cites."""
    site = sample_site[0]
    page = browser.new_page()
    page.goto(site.as_uri() + "/van-ban/2021/381-bhxh-vp-bhxhvn.html?h=381%2FBHXH-VP")
    marks = page.locator("article mark").all_inner_texts()
    assert "287/BHXH-VP" in page.locator("article").inner_text()
    assert marks and "".join(marks) == "381BHXHVP" * (len(marks) // 3) and len(marks) % 3 == 0
    page.close()
