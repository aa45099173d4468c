"""Status and relations both ways (issue 31): real texts read, and a real incremental build
of a replacement chain A → B → C."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.reading.convert import process_file

SHARED = Path(__file__).resolve().parents[3] / "shared"
HEADER = """BẢO HIỂM XÃ HỘI
  VIỆT NAM
-------
CỘNG HÒA XÃ HỘI
  CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: {n}/BHXH-CSYT
V/v hướng dẫn thanh toán chi phí khám chữa bệnh lần {n}
Hà Nội, ngày 0{day} tháng 02 năm 2021
Kính gửi:
- BHXH các tỉnh, thành phố trực thuộc Trung ương.
Bảo hiểm xã hội Việt Nam hướng dẫn việc thanh toán chi phí khám bệnh, chữa bệnh. {rest}

Đề nghị Bảo hiểm xã hội các tỉnh thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT, CSYT.
KT. TỔNG GIÁM ĐỐC
PHÓ TỔNG GIÁM ĐỐC
Nguyễn Văn A
"""


def chain_file(folder: Path, day: int) -> None:
    rest = f"Công văn này thay thế Công văn số 10{day - 1}/BHXH-CSYT ngày 0{day - 1}/02/2021." if day > 1 else ""
    (folder / f"cv{day}.txt").write_text(HEADER.format(n=f"10{day}", day=day, rest=rest), encoding="utf-8")


def build(src: Path, site: Path) -> tuple[dict, str]:
    """(catalog records by symbol, what the build printed)."""
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--source", str(src), "--site-dir", str(site)],
                          check=True, capture_output=True, text=True)
    return {r["symbol"]: r for r in json.loads((site / "catalog.json").read_text(encoding="utf-8"))}, done.stdout + done.stderr


def test_adding_c_updates_b_without_a_full_build_and_search_filters_by_status(tmp_path):
    src, site = tmp_path / "src", tmp_path / "site"
    src.mkdir()
    chain_file(src, 1)
    chain_file(src, 2)
    first, _ = build(src, site)
    assert first["101/BHXH-CSYT"]["status"] == "đã bị thay thế"
    assert first["102/BHXH-CSYT"]["status"] == "còn hiệu lực"
    chain_file(src, 3)
    second, printed = build(src, site)
    assert "Read 1 of 3 files anew" in printed  # A and B come from the cache: no full build
    assert second["102/BHXH-CSYT"]["status"] == "đã bị thay thế"
    page_a = (site / first["101/BHXH-CSYT"]["url"]).read_text(encoding="utf-8")
    page_b = (site / second["102/BHXH-CSYT"]["url"]).read_text(encoding="utf-8")
    for page in (page_a, page_b):
        assert "Đã được thay thế bởi" in page and "xem văn bản mới" in page and "103-bhxh-csyt" in page
    found = subprocess.run([sys.executable, "-m", "generator", "search", "--site-dir", str(site), "--status",
                            "da bi thay the"], check=True, capture_output=True, text=True).stdout
    assert "101/BHXH-CSYT" in found and "102/BHXH-CSYT" in found and "103/BHXH-CSYT" not in found


@pytest.mark.skipif(not (SHARED / "corpus-real").is_dir(), reason="shared corpus not here")
def test_a_decree_repeals_whole_and_part_from_its_date_of_effect():
    path = SHARED / "corpus-real" / "23_nd_293_2025_ND-CP.txt"
    d = process_file(path, path.parent)
    acts = {(r.kind, r.target.symbol, r.part, r.effective) for r in d.relations if r.kind == "bãi bỏ"}
    assert acts == {("bãi bỏ", "74/2024/NĐ-CP", "", "2026-01-01"),
                    ("bãi bỏ", "128/2025/NĐ-CP", "khoản 7 Điều 15 và Phụ lục I", "2026-01-01")}
    assert d.effective == "2026-01-01"


@pytest.mark.skipif(not (SHARED / "corpus-real-2").is_dir(), reason="shared corpus not here")
def test_a_law_that_replaces_laws_is_not_the_dispatch_replacing_them():
    path = SHARED / "corpus-real-2" / "003_cv_19046_BTC-TCHQ_2014.txt"
    d = process_file(path, path.parent)
    assert {r.kind for r in d.relations if r.target.symbol in ("29/2001/QH10", "42/2005/QH11")} == {"dẫn chiếu"}


def test_each_act_gives_its_status_and_a_chain_its_newest():
    from generator.model import DispatchMeta, Reference, Relation
    from generator.pages.status import relate

    def doc(n: int, *acts: tuple[str, int, str]) -> DispatchMeta:
        relations = tuple(Relation(k, Reference(f"{t}/BHXH-CSYT", "Công văn", "2021-02-0" + str(t % 10)), part)
                          for k, t, part in acts)
        return DispatchMeta(source=f"{n}.txt", sha256=str(n), symbol=f"{n}/BHXH-CSYT", date=f"2021-02-0{n % 10}",
                            doc_type="Công văn", id=str(n), url=f"{n}.html", relations=relations)

    docs = [doc(1), doc(2, ("thay thế", 1, "")), doc(3, ("thay thế", 2, "")), doc(4), doc(5, ("bãi bỏ", 4, "khoản 2")),
            doc(6), doc(7, ("thay thế", 6, "Điều 3")), doc(8), doc(9, ("dẫn chiếu", 8, ""), ("căn cứ", 8, ""))]
    related = relate(docs)
    assert {d.id: related[d.id].status for d in docs} == {
        "1": "đã bị thay thế", "2": "đã bị thay thế", "3": "còn hiệu lực", "4": "bị bãi bỏ một phần",
        "5": "còn hiệu lực", "6": "bị sửa đổi một phần", "7": "còn hiệu lực", "8": "còn hiệu lực", "9": "còn hiệu lực"}
    assert related["1"].newest.id == related["2"].newest.id == "3" and related["3"].newest is None
    assert {r.kind for r, _ in related["8"].by} == {"dẫn chiếu", "căn cứ"}


def test_a_part_replaced_is_no_link_of_the_replacement_chain(tmp_path):
    src, site = tmp_path / "src", tmp_path / "site"
    src.mkdir()
    chain_file(src, 1)
    chain_file(src, 2)  # 102 replaces 101 whole
    part = "Công văn này thay thế khoản 2 Công văn số 102/BHXH-CSYT ngày 02/02/2021."
    (src / "cv3.txt").write_text(HEADER.format(n="103", day=3, rest=part), encoding="utf-8")
    records, _ = build(src, site)
    assert records["102/BHXH-CSYT"]["status"] == "bị sửa đổi một phần"
    assert records["102/BHXH-CSYT"]["status_newest"]["symbol"] == ""
    assert records["101/BHXH-CSYT"]["status_newest"]["symbol"] == "102/BHXH-CSYT"
