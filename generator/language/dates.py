"""Dates as Vietnamese writes them, and as the archive stores them (ISO).

`iso_date("4", "6", "2021")` → "2021-06-04" (parsing: the header, citations, deadlines);
`dmy_date("2021-06-04")` → "04/06/2021" (every table, checklist and search result);
`month_name("2021-06")` → "Tháng 06/2021" (the month pages and their links).
"""

from __future__ import annotations

import datetime


def iso_date(day: str, month: str, year: str) -> str:
    """"4", "6", "2021" → "2021-06-04"; "" when the parts are not a calendar date."""
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def dmy_date(iso: str) -> str:
    """"2021-06-04" → "04/06/2021", as Vietnamese writes dates; "—" when there is none."""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else "—"


def month_name(key: str) -> str:
    """"2021-06" (or a longer ISO date) → "Tháng 06/2021"; "Không rõ ngày" for ""."""
    return f"Tháng {key[5:7]}/{key[:4]}" if key else "Không rõ ngày"
