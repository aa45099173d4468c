"""Index pages of a large archive: groups over browse.PAGE_ROWS rows are cut into pages by
year and month, every dispatch and task stays reachable, every link resolves."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator.cache import ParseCache
from generator.pages import browse, catalog
from generator.pages.indexes import TASKS_DIR, UNASSIGNED_SLUG, UNITS_DIR, UNMATCHED_PAGE, unit_index, unmatched_page
from generator.pipeline import read_all
from generator.publishing import staging
from generator.publishing.site import build_site
from generator.report import Report
from tests.support.corpus import generate

ROWS = 20
"""PAGE_ROWS for these tests: 400 generated dispatches over 14 years cross it by year and by month."""
LINK = re.compile(r'\]\(([^)\s]+)\)|href="([^"]+)"')
TASK_KEY = re.compile(r'data-task="([^"]+)"')


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """400 generated dispatches staged with PAGE_ROWS = ROWS: (docs dir, dispatches, their bodies)."""
    tmp = tmp_path_factory.mktemp("scale")
    generate(400, tmp / "raw", seed=9)  # a seed whose busiest month crosses ROWS on several pages
    cache = ParseCache(tmp / "cache")
    dispatches = catalog.assign_ids(read_all(tmp / "raw", Report(), cache, jobs=1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(browse, "PAGE_ROWS", ROWS)
        dispatches = staging.stage_pages(tmp / "docs", tmp / "raw", dispatches, Report(), cache, jobs=1).published
    return tmp / "docs", dispatches, cache.bodies


def _pages(docs: Path) -> dict[str, str]:
    """Every staged index page (not the dispatch pages) by path."""
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in docs.rglob("*.md") if not p.relative_to(docs).as_posix().startswith("van-ban/")}


def _targets(page: str, text: str) -> list[str]:
    """The docs paths a page's links point at (anchors dropped): Markdown links, and the
    links to pages' HTML of the dispatch tables, which are written as HTML."""
    hrefs = [markdown or re.sub(r"\.html(?=#|$)", ".md", html) for markdown, html in LINK.findall(text)]
    return [posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
            for href in hrefs if not href.startswith(("#", "http"))]


def _rows(text: str) -> int:
    """Dispatch rows and task items a page lists (both written as HTML on index pages)."""
    dispatch_rows = [line for line in text.splitlines() if line.startswith('<td><a class="symbol" href="') and "van-ban/" in line]
    return len(dispatch_rows) + text.count('<li class="task-list-item"')


def _reachable(pages: dict[str, str], start: str) -> tuple[set[str], set[str]]:
    """From a group page, through the pages of the same group: the dispatch pages and task keys listed."""
    folder, stem = posixpath.split(start.removesuffix(".md"))
    seen, todo, dispatches, tasks = set(), [start], set(), set()
    while todo:
        page = todo.pop()
        seen.add(page)
        tasks |= set(TASK_KEY.findall(pages[page]))
        for target in _targets(page, pages[page]):
            if target.startswith("van-ban/"):
                dispatches.add(target)
            elif target.startswith(f"{folder}/{stem}--") and target not in seen:
                todo.append(target)
    return dispatches, tasks


def test_every_link_of_an_index_page_resolves_to_a_staged_file(staged):
    docs, _, bodies = staged
    pages = _pages(docs)
    assert any("--" in page for page in pages), "nothing was cut into pages: the corpus is too small"
    for page, text in pages.items():
        for target in _targets(page, text):
            assert (docs / target).is_file(), f"{page} links to {target}"


def test_a_page_over_the_threshold_lists_one_month_or_no_date(staged):
    docs, dispatches, bodies = staged
    pages = _pages(docs)
    date_of = {catalog.markdown_path(d): d.date for d in dispatches}
    # Month pages are bounded by the archive's monthly volume; the cited and unmatched
    # pages list documents and names, not a group's dispatches.
    grouped = {page: text for page, text in pages.items()
               if not page.startswith(("thang/", "van-ban-dan-chieu/")) and page != UNMATCHED_PAGE}
    over = [page for page, text in grouped.items() if _rows(text) > ROWS]
    for page in over:
        months = {date_of[t][:7] for t in _targets(page, pages[page]) if t.startswith("van-ban/")}
        assert len(months) == 1, (page, _rows(pages[page]), months)
    assert over and max(_rows(text) for page, text in grouped.items() if page not in over) <= ROWS


def test_a_large_type_lists_every_dispatch_through_its_year_pages(staged):
    docs, dispatches, bodies = staged
    pages = _pages(docs)
    official = [d for d in dispatches if d.doc_type == "Công văn"]
    assert len(official) > ROWS
    group = "loai/cong-van.md"
    assert _rows(pages[group]) == 0 and "(cong-van--" in pages[group]
    listed, _ = _reachable(pages, group)
    assert listed == {catalog.markdown_path(d) for d in official}
    years = re.findall(r"\[Năm (\d{4})\]\(cong-van--\1\.md\)", pages[group])
    assert years == sorted({d.year for d in official if d.year}, reverse=True)


def test_a_large_unit_and_its_board_reach_every_dispatch_and_task(staged):
    docs, dispatches, bodies = staged
    pages = _pages(docs)
    unit = f"{UNITS_DIR}/bhxh-cac-tinh.md"
    name = "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương"
    tasks = {f"{d.url}#{t.id}@bhxh-cac-tinh" for d in dispatches for t in bodies(d).tasks if name in t.assignees}
    assert len(tasks) > ROWS
    listed, unit_tasks = _reachable(pages, unit)
    assert unit_tasks == tasks
    assert 'data-task="' not in pages[f"{TASKS_DIR}/bhxh-cac-tinh.md"], "a unit's page is its board"
    assert listed >= {catalog.markdown_path(d) for d in dispatches for t in bodies(d).tasks if name in t.assignees}
    assert "| Năm | Kính gửi | Nơi nhận | Nhiệm vụ |" in pages[unit]
    months = [page for page in pages if re.fullmatch(rf"{UNITS_DIR}/bhxh-cac-tinh--\d{{4}}-\d\d\.md", page)]
    assert months, "a year of the provinces' unit over the threshold is cut by month"
    assert "Thuộc: [" in pages[months[0]] and "bhxh-cac-tinh--" + months[0][-10:-6] + ".md" in pages[months[0]]


def test_tasks_of_no_unit_have_their_own_board(staged):
    docs, dispatches, bodies = staged
    pages = _pages(docs)
    unassigned = {f"{d.url}#{t.id}" for d in dispatches for t in bodies(d).tasks if not t.assignees}
    assert unassigned
    assert f"({UNASSIGNED_SLUG}.md)" in pages[f"{TASKS_DIR}/index.md"]
    assert 'data-task="' not in pages[f"{TASKS_DIR}/index.md"]
    assert _reachable(pages, f"{TASKS_DIR}/{UNASSIGNED_SLUG}.md")[1] == unassigned


def test_small_groups_keep_one_page_with_their_list(staged):
    docs, dispatches, bodies = staged
    pages = _pages(docs)
    small = [page for page in pages if page.startswith(("nguoi-ky/", "soan-thao/", "loai/"))
             and "--" not in page and not page.endswith("index.md") and 0 < _rows(pages[page]) <= ROWS]
    assert small
    for page in small:
        stem = page.removesuffix(".md")
        assert not any(other.startswith(stem + "--") for other in pages), page


def test_a_large_year_page_links_its_months(staged):
    docs, dispatches, bodies = staged
    pages = _pages(docs)
    year = max({d.year for d in dispatches if d.year}, key=lambda y: sum(d.year == y for d in dispatches))
    text = pages[f"nam/{year}.md"]
    months = {d.date[:7] for d in dispatches if d.year == year}
    assert _rows(text) == 0
    assert set(_targets(f"nam/{year}.md", text)) == {f"thang/{m}.md" for m in months}


def test_unmatched_entries_are_counted_once_per_name(staged):
    _, dispatches, bodies = staged
    unknown = ("Sở Nội vụ tỉnh Hà Giang", "Ban Tuyên giáo Tỉnh ủy")
    dispatches = [replace(d, recipients=d.recipients + unknown) for d in dispatches[:40]] + dispatches[40:]
    text = unmatched_page(unit_index(dispatches, bodies))
    assert all(name in text for name in unknown)
    names = [line.split(" | ")[0] + line.split(" | ")[1] for line in text.splitlines()[4:] if line.startswith("| ")]
    assert names and len(names) == len(set(names))
    assert all(len(re.findall(r"\]\(\.\./van-ban/", line)) <= 3 for line in text.splitlines())


def test_names_are_listed_in_vietnamese_order(staged):
    from generator.language.collation import vi_key

    assert sorted(["Giám đốc", "Đảng ủy cơ quan", "Cục Thuế"], key=vi_key) == ["Cục Thuế", "Đảng ủy cơ quan", "Giám đốc"]
    assert sorted(["Nguyễn Văn An", "Ngô Thị Bình"], key=vi_key) == ["Ngô Thị Bình", "Nguyễn Văn An"]
    docs, _, bodies = staged
    for index in ("nguoi-ky/index.md", "don-vi/index.md"):
        names = re.findall(r"^\| \[([^\]]+)\]", (docs / index).read_text(encoding="utf-8"), re.M)
        assert len(names) > 5 and names == sorted(names, key=vi_key), index
        assert names != sorted(names), index  # code-point order would differ: an Đ or a tone mark is in there


def test_every_page_of_a_units_lists_states_its_whole_task_count(staged):
    """tasks.js counts a unit's ticks over all its pages from this mark and the keys' unit."""
    docs, dispatches, bodies = staged
    pages = _pages(docs)
    name = "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương"
    total = sum(1 for d in dispatches for t in bodies(d).tasks if name in t.assignees)
    group = [p for p in pages if re.fullmatch(rf"{UNITS_DIR}/bhxh-cac-tinh(--[\d-]+)?\.md", p)]
    assert len(group) > 2
    for page in group:
        assert f'data-unit="bhxh-cac-tinh" data-total="{total}"' in pages[page], page
        assert all(key.endswith("@bhxh-cac-tinh") for key in TASK_KEY.findall(pages[page])), page


@pytest.mark.browser
def test_a_page_of_a_cut_board_counts_the_ticks_of_the_whole_unit(staged, browser, tmp_path):
    docs, dispatches, bodies = staged
    site = tmp_path / "site"
    build_site(docs, site)
    name = "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương"
    total = sum(1 for d in dispatches for t in bodies(d).tasks if name in t.assignees)
    months = sorted(p.name for p in (site / UNITS_DIR).glob("bhxh-cac-tinh--*-*.html")
                    if 'data-task="' in p.read_text(encoding="utf-8"))
    page = browser.new_page()
    page.goto((site / UNITS_DIR / months[0]).as_uri())
    boxes = page.locator("li.task-list-item input[type=checkbox]")
    shown = boxes.count()
    assert 0 < shown < total
    boxes.first.check(force=True)
    page.goto((site / UNITS_DIR / months[-1]).as_uri())
    page.locator("li.task-list-item input[type=checkbox]").first.check(force=True)
    count = page.locator(".task-count").inner_text()
    assert count.endswith(f"cả đơn vị: 2/{total}"), count
    page.close()
