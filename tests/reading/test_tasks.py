"""Tasks: extracted from the seeds' real blocks and from hand-written bodies; the built
checklists, boards and tasks.csv; ticks remembered by a real Chromium."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from generator.language.folding import slugify
from generator.language.units import registry
from generator.model import Block, Dispatch
from generator.pages.boards import GROUPS, SUMMARY_CHARS, recurrence_text, task_board, task_section
from generator.pages.browse import html_text
from generator.pages.catalog import assign_ids
from generator.reading.convert import process_file
from generator.reading.tasks import deadline, extract_tasks, recurrence

from ..conftest import SAMPLE_CORPUS

PROVINCES = "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương"
DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="module")
def seeds() -> dict[str, Dispatch]:
    """The five seeds through the real per-file stages (ingest, repair, parse), by symbol."""
    result = {}
    for path in sorted(SAMPLE_CORPUS.glob("*.txt")):
        d = process_file(path, SAMPLE_CORPUS)
        result[d.symbol] = d
    return result


def test_288_tasks_go_to_the_unit_of_each_heading_and_sub_items_inherit_it(seeds):
    tasks = extract_tasks(seeds["288/BHXH-VP"])
    by_unit = Counter(name for t in tasks for name in t.assignees)
    assert by_unit["Trung tâm Công nghệ thông tin"] == 2
    assert by_unit["Trung tâm Truyền thông"] == 2
    assert by_unit["Vụ Tài chính - Kế toán"] == 1
    provinces = [t for t in tasks if t.assignees == (PROVINCES,)]
    assert [t.anchor for t in provinces] == [f"muc-1-{c}" for c in "abcdefgh"]
    cntt = [t for t in tasks if "Trung tâm Công nghệ thông tin" in t.assignees]
    assert [t.anchor for t in cntt] == ["muc-2-a", "muc-2-b"]
    assert cntt[1].text.startswith("Tăng cường các biện pháp đảm bảo an toàn thông tin")


def test_3036_tasks_carry_the_deadline_stated_after_them(seeds):
    tasks = extract_tasks(seeds["3036/BHXH-BT"])
    assert tasks and {t.deadline for t in tasks} == {"2020-10-31"}
    assert all(t.assignees == (PROVINCES,) for t in tasks)


def test_4346_daily_report_carries_its_recurrence(seeds):
    tasks = extract_tasks(seeds["4346/CĐ-BHXH"])
    daily = [t for t in tasks if t.recurrence]
    assert [t.recurrence for t in daily] == ["daily 16:00"]
    assert "báo cáo kết quả" in daily[0].text and daily[0].assignees == (PROVINCES,)


def test_titles_are_not_tasks_and_sentence_subjects_assign(seeds):
    tasks = {t.anchor: t for t in extract_tasks(seeds["01/BHXH-TĐKT"])}
    assert "phan-i-muc-1" not in tasks and "phan-i-muc-2" not in tasks  # "Mục đích", "Yêu cầu"
    assert tasks["phan-iii-muc-1"].assignees == ("Hội đồng Thi đua - Khen thưởng Bảo hiểm xã hội Việt Nam",)


def _dispatch(blocks, recipients=("Các đơn vị trực thuộc BHXH Việt Nam",), date="2022-03-01"):
    return Dispatch(source="x.txt", sha256="0", raw_text="", blocks=tuple(blocks),
                    recipients=recipients, date=date)


def test_hand_written_alias_heading_with_inline_text_and_lettered_children():
    d = _dispatch([
        Block("item", "Giám đốc BHXH các tỉnh, TP:", "1.", 1, "muc-1"),
        Block("item", "Rà soát hồ sơ trước ngày 15/4.", "a)", 2, "muc-1-a"),
        Block("item", "Báo cáo kết quả chậm nhất ngày 30 tháng 4 năm 2022.", "b)", 2, "muc-1-b"),
        Block("item", "Vụ Tài chính - Kế toán: Bảo đảm kinh phí.", "2.", 1, "muc-2"),
        Block("item", "Tổ chức thực hiện nghiêm túc.", "3.", 1, "muc-3"),
    ])
    tasks = extract_tasks(d)
    assert [(t.anchor, t.assignees, t.deadline) for t in tasks] == [
        ("muc-1-a", (PROVINCES,), "2022-04-15"),
        ("muc-1-b", (PROVINCES,), "2022-04-30"),
        ("muc-2", ("Vụ Tài chính - Kế toán",), ""),
        ("muc-3", ("Các đơn vị trực thuộc Bảo hiểm xã hội Việt Nam",), ""),
    ]
    assert tasks[2].text == "Bảo đảm kinh phí."


def test_bullets_under_a_unit_heading_are_that_units_tasks_one_each(tmp_path):
    """288/BHXH-VP with item 2's a) and b) written as "-" bullets, and item 3's unit renamed
    to one the registry does not hold: each bullet is one task of Trung tâm CNTT, linked to
    item 2; the unregistered heading is neither a task nor anyone's."""
    raw = (SAMPLE_CORPUS / "001_fdac7f288e6b0d46.txt").read_text(encoding="utf-8")
    raw = raw.replace("a) Đảm bảo duy trì", "- Đảm bảo duy trì").replace("b) Tăng cường các biện", "- Tăng cường các biện")
    raw = raw.replace("3. Trung tâm Dịch vụ hỗ trợ -", "3. Phòng Mới -")
    (tmp_path / "288.txt").write_text(raw, encoding="utf-8")
    tasks = {t.id: t for t in extract_tasks(process_file(tmp_path / "288.txt", tmp_path))}
    first, second = tasks["muc-2"], tasks["muc-2-nv2"]
    assert first.assignees == second.assignees == ("Trung tâm Công nghệ thông tin",)
    assert first.anchor == second.anchor == "muc-2"
    assert first.text.startswith("Đảm bảo duy trì") and "Tăng cường các biện" not in first.text
    assert second.text.startswith("Tăng cường các biện") and "ứng cứu sự cố an toàn thông tin" in second.text
    assert "muc-2-a" not in tasks and "muc-3" not in tasks
    assert tasks["muc-4"].assignees == ("Vụ Tài chính - Kế toán",)


def test_a_clause_with_its_own_deadline_or_recurrence_is_an_obligation_of_its_own():
    d = _dispatch([
        Block("item", "Rà soát danh sách người hưởng; kết quả báo cáo BHXH Việt Nam trước ngày 15/4. "
                      "Định kỳ hằng quý báo cáo tiến độ về Ban Thu.", "1.", 1, "muc-1"),
        Block("item", "Chịu trách nhiệm về kết quả năm 2022. Hằng ngày, báo cáo số thu trước 16 giờ hằng ngày.",
              "2.", 1, "muc-2"),
        Block("item", "Hoàn thành cập nhật dữ liệu trước ngày 30/6; trường hợp vướng mắc, báo cáo Ban Thu.",
              "3.", 1, "muc-3"),
    ])
    tasks = extract_tasks(d)
    assert [(t.id, t.anchor, t.deadline, t.recurrence) for t in tasks] == [
        ("muc-1", "muc-1", "2022-04-15", ""),  # the work is due when its report is
        ("muc-1-nv2", "muc-1", "2022-04-15", ""),
        ("muc-1-nv3", "muc-1", "", "quarterly"),
        ("muc-2", "muc-2", "", ""),
        ("muc-2-nv2", "muc-2", "", "daily 16:00"),
        ("muc-3", "muc-3", "2022-06-30", ""),  # a clause with no date of its own stays with the one before
    ]
    assert [t.text for t in tasks[:3]] == ["Rà soát danh sách người hưởng;", "Kết quả báo cáo BHXH Việt Nam trước ngày 15/4.",
                                           "Định kỳ hằng quý báo cáo tiến độ về Ban Thu."]
    assert tasks[5].text.endswith("báo cáo Ban Thu.")


def test_bullets_after_a_line_ending_in_a_colon_keep_that_line():
    d = _dispatch([
        Block("item", "Vụ Tài chính - Kế toán:", "1.", 1, "muc-1"),
        Block("paragraph", "Chủ trì, phối hợp với các đơn vị thực hiện:", "", 1),
        Block("bullet", "Cấp kinh phí trước ngày 10/5;", "-", 3),
        Block("bullet", "Quyết toán kinh phí năm 2021.", "-", 3),
        Block("paragraph", "Báo cáo Tổng Giám đốc hằng tháng.", "", 1),
    ])
    tasks = extract_tasks(d)
    assert [t.text for t in tasks] == [
        "Chủ trì, phối hợp với các đơn vị thực hiện: Cấp kinh phí trước ngày 10/5;",
        "Chủ trì, phối hợp với các đơn vị thực hiện: Quyết toán kinh phí năm 2021.",
        "Báo cáo Tổng Giám đốc hằng tháng.",
    ]
    assert [t.deadline for t in tasks] == ["2022-05-10", "", ""] and tasks[2].recurrence == "monthly"
    assert {t.assignees for t in tasks} == {("Vụ Tài chính - Kế toán",)}


@pytest.mark.parametrize("folder", [SAMPLE_CORPUS, DATA / "real", DATA / "real-more"])
def test_every_task_id_is_unique_on_its_page(folder):
    paths = sorted(folder.glob("*.txt"))
    assert len(paths) >= 5
    for path in paths:
        ids = [t.id for t in extract_tasks(process_file(path, folder))]
        assert len(ids) == len(set(ids)), path.name


def test_drafting_codes_of_the_agencys_units_name_them():
    units = registry()
    assert units.by_code("TST") is units.by_code("BT") is units.find("Ban Thu")
    assert units.by_code("HTQT").name == "Vụ Hợp tác quốc tế"
    assert units.by_code("XYZ") is None


def test_hand_written_weekly_report_and_deadline_without_back_reference():
    d = _dispatch([
        Block("paragraph", "Đề nghị BHXH các tỉnh, thành phố trực thuộc TW thực hiện:", "", 0, ""),
        Block("item", "Rà soát danh sách.", "1.", 1, "muc-1"),
        Block("paragraph", "Hằng tuần, báo cáo tiến độ về Ban Thu trước 9 giờ thứ Hai.", "", 0, ""),
    ])
    first, report = extract_tasks(d)
    assert first.assignees == (PROVINCES,)  # from the introduction, not the recipients
    assert report.recurrence == "weekly 09:00" and report.id == "nhiem-vu-2"


@pytest.mark.parametrize("text, expected", [
    ("Thời gian hoàn thành các nội dung trên trước ngày 31/10/2020, các Quyết định", "2020-10-31"),
    ("gửi về BHXH Việt Nam trước 16 giờ ngày 05/01/2024", "2024-01-05"),
    ("chậm nhất là ngày 1 tháng 2 năm 2021", "2021-02-01"),
    ("trước ngày 31/02/2021", ""),
    ("ban hành ngày 31/10/2020", ""),
])
def test_deadline(text, expected):
    assert deadline(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("báo cáo về BHXH Việt Nam trước 16 giờ hằng ngày, để tổng hợp", "daily 16:00"),
    ("Hàng tháng, báo cáo kết quả thực hiện.", "monthly"),
    ("quản lý chặt chẽ người hưởng lương hưu, trợ cấp BHXH hàng tháng, trợ cấp thất nghiệp", ""),
])
def test_recurrence(text, expected):
    assert recurrence(text) == expected


def test_dispatch_page_shows_a_checklist_linking_each_task_to_its_block(sample_site):
    site_dir, _ = sample_site
    record = next(r for r in _catalog(site_dir) if r["symbol"] == "288/BHXH-VP")
    page = (site_dir / record["url"]).read_text(encoding="utf-8")
    assert sum(max(1, len(t["assignees"])) for t in record["tasks"]) == page.count('class="task-key"') > 0
    assert page.count('type="checkbox"') >= len(record["tasks"])
    assert 'href="#muc-2-a"' in page and 'id="muc-2-a"' in page


def test_a_task_shows_its_whole_text_once_on_its_page_with_a_box_per_unit(seeds):
    """One item per obligation: its whole text once, the link to its item, then one box per
    unit it is given to (each with its own tick key)."""
    dispatches = [replace(d, tasks=tuple(extract_tasks(d))) for d in seeds.values()]
    tasks = [(d, t) for d in dispatches for t in d.tasks]
    assert any(len(t.text) > SUMMARY_CHARS for _, t in tasks) and any(len(t.assignees) > 1 for _, t in tasks)
    for d, t in tasks:
        item = _obligation(d, t)
        assert item.count(html_text(t.text)) == 1
        assert (f'<a href="#{t.anchor}">xem mục</a>' in item) == bool(t.anchor)
        assert len(_items(d, t)) == item.count('type="checkbox"') == max(1, len(t.assignees))


def _obligation(d, t):
    """The item of task `t` on the page of `d`: its text and its units' boxes."""
    items = task_section(d, d.tasks).split('<li class="task-obligation">')[1:]
    found = [item for item in items if f'#{t.id}"></span>' in item or f'#{t.id}@' in item]
    assert len(found) == 1
    return found[0]


def _items(d, t):
    """The boxes (<li>) of task `t` on the page of `d`: one per unit it is given to."""
    return [line for line in task_section(d, d.tasks).splitlines()
            if 'class="task-key"' in line and (f'#{t.id}"' in line or f'#{t.id}@' in line)]


def test_a_joint_task_is_ticked_by_each_of_its_units_alone(seeds):
    d = replace(seeds["288/BHXH-VP"], tasks=tuple(extract_tasks(seeds["288/BHXH-VP"])))
    joint = next(t for t in d.tasks if len(t.assignees) > 1)
    items = _items(d, joint)
    keys = {item.split('data-task="')[1].split('"')[0] for item in items}
    assert len(items) == len(keys) == len(joint.assignees)
    assert all(f'<strong class="task-unit">{html_text(name)}</strong>' in item for name, item in zip(joint.assignees, items))


def test_the_daily_report_of_4346_shows_whole_with_its_recurrence(seeds):
    d = replace(seeds["4346/CĐ-BHXH"], tasks=tuple(extract_tasks(seeds["4346/CĐ-BHXH"])))
    daily = [t for t in d.tasks if "Hằng ngày, báo cáo kết quả" in t.text]
    assert len(daily) == 1 and daily[0].recurrence == "daily 16:00"
    item = _obligation(d, daily[0])
    assert "trước 16 giờ hằng ngày" in item and "hằng ngày, trước 16:00" in item


@pytest.mark.parametrize("text, expected", [
    ("Báo cáo trước ngày 25 hằng tháng về BHXH Việt Nam.", ("monthly day 25", "hằng tháng, trước ngày 25")),
    ("Định kỳ hằng quý báo cáo kết quả thực hiện.", ("quarterly", "hằng quý")),
    ("Tổng hợp, báo cáo hàng năm.", ("yearly", "hằng năm")),
    ("Rà soát hồ sơ đúng quy định.", ("", "")),
])
def test_recurrences_are_recognised_as_dispatches_write_them(text, expected):
    found = recurrence(text)
    assert (found, recurrence_text(found) if found else "") == expected


def test_a_board_groups_tasks_by_due_date_with_counts_overdue_and_this_week_open(seeds):
    """Every task once, in the group its deadline falls in as of the archive's date (overdue,
    the next 7 days, later, none), by deadline within a group; each group counts its tasks
    and the urgent ones open (all, when none is urgent); each item carries its deadline, year and type for the filters."""
    dispatches = assign_ids([replace(d, tasks=extract_tasks(d)) for d in seeds.values()])
    pairs = [(d, t) for d in dispatches for t in d.tasks]
    first = datetime.date.fromisoformat(min(t.deadline for _, t in pairs if t.deadline))
    seen = set()
    for as_of in (first - datetime.timedelta(days=30), first - datetime.timedelta(days=3), first + datetime.timedelta(days=1)):
        board = task_board("don-vi/x.md", pairs, as_of.isoformat())
        seen |= _check_groups(board, pairs, as_of.isoformat())
    assert seen == {gid for gid, _, _ in GROUPS}
    assert board.count('data-year="20') == board.count('data-type="') == len(pairs)


def _check_groups(board, pairs, as_of):
    """The groups of `board` as of `as_of` hold the tasks they should, by deadline, with their count."""
    week = (datetime.date.fromisoformat(as_of) + datetime.timedelta(days=7)).isoformat()
    groups = re.findall(r'<details class="task-group" data-group="([^"]+)"( open)?>\n<summary>[^(]*'
                        r'\(<span class="task-group-count">(\d+)</span>\)</summary>(.*?)</details>', board, re.S)
    want = {"qua-han": [t for _, t in pairs if t.deadline and t.deadline < as_of],
            "trong-tuan": [t for _, t in pairs if t.deadline and as_of <= t.deadline < week],
            "sau": [t for _, t in pairs if t.deadline >= week], "khong-han": [t for _, t in pairs if not t.deadline]}
    assert [g[0] for g in groups] == [gid for gid, _, _ in GROUPS if want[gid]]
    for gid, is_open, count, body in groups:
        dues = re.findall(r'data-due="([^"]*)"', body)
        assert int(count) == len(dues) == len(want[gid]) and dues == sorted(t.deadline for t in want[gid])
        assert bool(is_open) == (gid in ("qua-han", "trong-tuan") or not (want["qua-han"] or want["trong-tuan"]))
        assert ('class="overdue"' in body) == (gid == "qua-han")
    return {g[0] for g in groups}


def test_tasks_csv_has_bom_header_and_a_row_per_assignee(sample_site):
    site_dir, _ = sample_site
    data = (site_dir / "tasks.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == ["Văn bản", "Ngày ban hành", "Đơn vị", "Nhiệm vụ", "Hạn", "Lặp lại", "Liên kết"]
    expected = sum(max(1, len(t["assignees"])) for r in _catalog(site_dir) for t in r["tasks"])
    assert len(rows) == expected
    assert {"2020-10-31"} == {r["Hạn"] for r in rows if r["Văn bản"] == "3036/BHXH-BT"}
    for row in rows:
        page, _, anchor = row["Liên kết"].partition("#")
        assert (site_dir / page).is_file()


def test_a_units_page_is_its_board_and_the_old_board_address_links_there(sample_site):
    """One list of a unit's tasks, not two: the unit page holds them; nhiem-vu/<unit> links to it."""
    site_dir, _ = sample_site
    board = (site_dir / "don-vi" / "tt-cntt.html").read_text(encoding="utf-8")
    assert board.count('class="task-key"') == 2 and "288/BHXH-VP" in board
    old = (site_dir / "nhiem-vu" / "tt-cntt.html").read_text(encoding="utf-8")
    assert 'class="task-key"' not in old and 'href="../don-vi/tt-cntt.html#nhiem-vu"' in old
    index = (site_dir / "nhiem-vu" / "index.html").read_text(encoding="utf-8")
    assert 'href="../don-vi/tt-cntt.html#nhiem-vu"' in index and 'class="task-key"' not in index


@pytest.mark.browser
def test_a_tick_is_remembered_and_shared_with_the_unit_board(browser, http_root, sample_site):
    site_dir, _ = sample_site
    record = next(r for r in _catalog(site_dir) if r["symbol"] == "288/BHXH-VP")
    context = browser.new_context()
    page = context.new_page()
    page.goto(http_root + record["url"])
    box = page.locator('li:has(span[data-task$="#muc-2-b@tt-cntt"]) input[type=checkbox]')
    assert not box.is_checked()
    box.click(force=True)
    joint = page.locator('li:has(span[data-task*="#muc-8@"]) input[type=checkbox]')
    joint.first.click(force=True)
    page.reload()
    assert page.locator('li:has(span[data-task$="#muc-2-b@tt-cntt"]) input[type=checkbox]').is_checked()
    assert [joint.nth(i).is_checked() for i in range(joint.count())] == [True, False]
    page.goto(http_root + "don-vi/tt-cntt.html")
    ticked = page.locator('li:has(span[data-task$="#muc-2-b@tt-cntt"]) input[type=checkbox]')
    assert ticked.is_checked()
    assert not page.locator('li:has(span[data-task$="#muc-2-a@tt-cntt"]) input[type=checkbox]').is_checked()
    context.close()


def test_an_owner_named_in_an_item_heading_passes_to_its_sub_items_registered_or_not():
    d = _dispatch([
        Block("item", "Bộ Nội vụ:", "1.", 1, "muc-1"),
        Block("item", "Hướng dẫn việc sắp xếp cán bộ.", "a)", 2, "muc-1-a"),
        Block("item", "Báo cáo kết quả trước ngày 30/6/2024.", "b)", 2, "muc-1-b"),
        Block("item", "Mục đích:", "2.", 1, "muc-2"),
        Block("item", "Rà soát số liệu.", "a)", 2, "muc-2-a"),
    ], recipients=("Các đơn vị",))
    tasks = extract_tasks(d)
    assert [(t.anchor, t.assignees) for t in tasks] == [
        ("muc-1-a", ("Bộ Nội vụ",)), ("muc-1-b", ("Bộ Nội vụ",)), ("muc-2-a", ("Các đơn vị",))]


def test_each_unit_board_offers_its_deadlines_as_an_icalendar_file(sample_site):
    from icalendar import Calendar

    site_dir, _ = sample_site
    board = (site_dir / "don-vi" / "bhxh-cac-tinh.html").read_text(encoding="utf-8")
    assert 'href="../nhiem-vu/bhxh-cac-tinh.ics"' in board
    cal = Calendar.from_ical((site_dir / "nhiem-vu" / "bhxh-cac-tinh.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert len(events) == len(set(events)) >= 2
    daily = next(e for e in events.values() if str(e["summary"]).startswith("4346/CĐ-BHXH") and "rrule" in e)
    assert daily["rrule"]["FREQ"] == ["DAILY"]
    due = next(e for e in events.values() if str(e["summary"]).startswith("3036/BHXH-BT"))
    assert due.decoded("dtstart") == datetime.date(2020, 10, 31)


def test_calendars_assembled_from_events_are_the_calendars_icalendar_writes_and_come_back_from_the_cache(seeds, tmp_path):
    """Every unit's calendar, written in one pass and then again from the events kept in the
    cache (a page moved to another URL gets its events made anew), equals the Calendar that
    icalendar writes of that unit's events."""
    from generator.pages import calendar

    dispatches = assign_ids([replace(d, tasks=extract_tasks(d)) for d in seeds.values()])
    tasks = [(d, t) for d in dispatches for t in d.tasks]
    names = sorted({name for _, t in tasks for name in t.assignees}) + ["Vụ Mới"]
    units = [(name, slugify(name)) for name in names]

    def expected(name):
        whole = calendar.empty_calendar(name)
        for d, t in tasks:
            if name in t.assignees and (event := calendar._event(d, t)) is not None:
                whole.add_component(event)
        return whole.to_ical()

    first = dict(calendar.unit_calendars(units, tasks, tmp_path))
    assert first == {slug: expected(name) for name, slug in units}
    assert sum(expected(name).count(b"BEGIN:VEVENT") for name in names) > len({t.id for _, t in tasks if t.deadline})
    assert len(list(tmp_path.rglob("*.ics"))) == len(dispatches)
    target = next(d for d, t in tasks if t.deadline)
    moved_page = replace(target, url="moved/" + target.url)
    moved = [(moved_page if d is target else d, t) for d, t in tasks]
    again = dict(calendar.unit_calendars(units, moved, tmp_path))
    assert again != first and b"moved/" in b"".join(again.values())
    assert dict(calendar.unit_calendars(units, tasks, tmp_path)) == first


def test_boards_show_when_a_task_was_issued_and_which_are_overdue(sample_site):
    site_dir, _ = sample_site
    board = (site_dir / "don-vi" / "bhxh-cac-tinh.html").read_text(encoding="utf-8")
    item = next(li for li in board.split("<li") if "3036/BHXH-BT" in li and "hạn 31/10/2020" in li)
    assert "ban hành 24/09/2020" in item and 'class="overdue">quá hạn' in item  # the archive runs to 2024
    assert all("quá hạn" not in li for li in board.split("<li") if "hạn " not in li)


@pytest.mark.browser
def test_a_board_counts_done_tasks_and_can_hide_them(browser, http_root, sample_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(http_root + "don-vi/tt-cntt.html")
    count = page.locator(".task-toolbar .task-count")
    assert count.text_content() == "0/2 việc đã xong"
    named = page.get_by_role("checkbox", name=re.compile("^Đã xong: Tăng cường các biện pháp đảm bảo an toàn"))
    assert named.count() == 1
    page.locator('li:has(span[data-task$="#muc-2-a@tt-cntt"]) input[type=checkbox]').click(force=True)
    assert count.text_content() == "1/2 việc đã xong"
    page.locator(".task-toolbar input.task-hide-done").check()
    assert not page.locator('li:has(span[data-task$="#muc-2-a@tt-cntt"])').is_visible()
    assert page.locator('li:has(span[data-task$="#muc-2-b@tt-cntt"])').is_visible()
    page.reload()
    assert count.text_content() == "1/2 việc đã xong"
    assert not page.locator('li:has(span[data-task$="#muc-2-a@tt-cntt"])').is_visible()
    context.close()


def _catalog(site_dir):
    return json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))
