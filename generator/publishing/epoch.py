"""The build's one timestamp: SOURCE_DATE_EPOCH, taken from the inputs when it is unset.

MkDocs reads SOURCE_DATE_EPOCH (mkdocs.utils.get_build_datetime) for every page's
update date, hence sitemap.xml's <lastmod> and the mtime in sitemap.xml.gz's header;
unset, it uses the clock and two builds of the same inputs differ. When the caller
does not set it, the build uses the date of the newest dispatch (midnight UTC), so the
same inputs always give the same bytes, whatever the day of the build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone

from generator.errors import BuildError

ENV_VAR = "SOURCE_DATE_EPOCH"
ZIP_EPOCH = 315532800
"""1980-01-01T00:00:00Z, the earliest time a zip entry can record; used when no input has a date."""


def latest_input_epoch(dates: Iterable[str]) -> int:
    """Midnight UTC of the newest valid ISO date among `dates`, never before ZIP_EPOCH."""
    days = []
    for text in dates:
        try:
            days.append(date.fromisoformat(text))
        except (TypeError, ValueError):
            continue
    if not days:
        return ZIP_EPOCH
    newest = datetime.combine(max(days), datetime.min.time(), tzinfo=timezone.utc)
    return max(ZIP_EPOCH, int(newest.timestamp()))


def source_date_epoch(dates: Iterable[str]) -> int:
    """SOURCE_DATE_EPOCH when the caller set it, else the newest input date."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        if not value.isdigit():
            raise BuildError(f"{ENV_VAR} must be a whole number of seconds, not {value!r}")
        return int(value)
    return latest_input_epoch(dates)


@contextmanager
def pinned(epoch: int) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH to `epoch` for the duration of the block, then restore it."""
    before = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ[ENV_VAR]
        else:
            os.environ[ENV_VAR] = before
