"""Every archive builds: small random archives drawn from the sample, the real documents,
generated dispatches, hostile files and headerless fragments, duplicates among them, go
through the real command line (in this process, with click's runner) and MkDocs.

For each: exit 0, 3 or 4, no traceback, a site with its home page, every input file in
build-report.json as a page or a rejection, and the search answering for a published page.
The fast suite runs a few examples with a fixed seed; `-m slow` runs many more.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.tables import find_project

from .support.corpus import compose

PROJECT_DIR = find_project()
DATA = Path(__file__).parent / "data"
SHARED = PROJECT_DIR.parent / "shared"
REAL = sorted(p for folder in (DATA / "real", DATA / "real-more", SHARED / "corpus-real", SHARED / "corpus-real-2")
              if folder.is_dir() for p in folder.glob("*.txt"))
BAD = sorted((DATA / "bad").glob("*.txt"))
SAMPLE = sorted((PROJECT_DIR / "corpus").glob("*.txt"))
HEADERLESS = [  # what converters leave of a dispatch: a body, a subject-less notice, a lone line
    "Nội dung duy nhất của văn bản này, không có tiêu đề và không có số.",
    "TỜ TRÌNH\nVề việc phê duyệt kế hoạch\nKính gửi: Tổng Giám đốc\nĐề nghị phê duyệt./.",
    "Số: 12/BHXH-VP", "Hà Nội, ngày 05 tháng 12 năm 2026", "V/v", "Kính gửi:", "Nơi nhận:\n- Như trên;",
]

FILES = st.one_of(
    st.sampled_from(SAMPLE).map(Path.read_bytes),
    st.sampled_from(REAL).map(Path.read_bytes),
    st.sampled_from(BAD).map(Path.read_bytes),
    st.integers(0, 50).map(lambda i: compose(7, i, 50).encode()),
    st.sampled_from(HEADERLESS).map(str.encode),
    st.binary(max_size=64),
)
ARCHIVES = st.lists(FILES, min_size=1, max_size=5).flatmap(
    lambda files: st.lists(st.sampled_from(files), max_size=2).map(lambda again: files + again))  # duplicates


def build_archive(files: list[bytes], root: Path) -> tuple[int, str, Path]:
    source = root / "in"
    source.mkdir()
    for n, data in enumerate(files):
        (source / f"{n:02d}.txt").write_bytes(data)
    result = CliRunner().invoke(main, ["build", "--source", str(source), "--site-dir", str(root / "site"), "-j", "1"])
    return result.exit_code, result.output + repr(result.exception or ""), root / "site"


def a_word(page: dict, site: Path) -> str:
    """A word of a published page to search for: of its symbol, else of its body."""
    record = next(r for r in json.loads((site / "catalog.json").read_text(encoding="utf-8"))
                  if r["source_file"] == page["file"])
    words = re.findall(r"\w{4,}", f"{record.get('symbol') or ''} {record.get('body_text') or ''}")
    return words[0] if words else ""


def check(files: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        code, output, site = build_archive(files, Path(tmp))
        assert code in (0, 3, 4), output
        assert "Traceback" not in output
        assert (site / "index.html").is_file()
        report = json.loads((site / "build-report.json").read_text(encoding="utf-8"))
        listed = {p["file"] for p in report["pages"]} | {r["file"] for r in report["rejected"]}
        assert listed == {f"{n:02d}.txt" for n in range(len(files))}
        for page in report["pages"][:1]:
            word = a_word(page, site)
            if word:
                found = CliRunner().invoke(main, ["search", word, "--site-dir", str(site), "--limit", "50"])
                assert found.exit_code == 0 and page["url"] in found.output, (word, found.output)


@seed(25)
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(ARCHIVES)
def test_every_small_archive_builds_and_reports_every_file(files):
    check(files)


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(ARCHIVES)
def test_many_more_small_archives_build(files):
    check(files)


@pytest.mark.parametrize("files", [
    pytest.param([HEADERLESS[0].encode()], id="one file that is only a body"),
    pytest.param([SAMPLE[0].read_bytes()] * 3, id="all duplicates"),
    pytest.param([SAMPLE[1].read_bytes(), b"", b"\x00\x01\x02"], id="all rejected but one"),
    pytest.param([HEADERLESS[1].encode(), HEADERLESS[0].encode()], id="no dates at all"),
])
def test_the_archives_a_new_maintainer_starts_with_build(files):
    check(files)
