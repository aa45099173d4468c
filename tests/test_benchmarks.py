"""The benchmark corpus generator's signer roster, read back by the real parser, and the
benchmark's site-size breakdown on the built sample site."""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from pathlib import Path, PurePosixPath

from generator.reading.convert import process_bytes
from generator.tables import find_project
from tests.support import corpus as gc

PROJECT_DIR = find_project()
sys.path.insert(0, str(PROJECT_DIR / "benchmarks"))
import run_benchmark as rb  # noqa: E402


def test_roster_has_one_general_director_a_few_deputies_and_one_head_per_unit_each_year():
    posts = gc.roster(7)
    names = [name for terms in posts.values() for t in terms for name in t.names]
    assert len(names) == len(set(names)) < 120
    assert set(posts) == {gc.GENERAL_DIRECTOR, gc.DEPUTIES, *gc.UNITS}
    for year in gc.YEARS:
        assert len(gc.serving(7, gc.GENERAL_DIRECTOR, year)) == 1
        assert 4 <= len(gc.serving(7, gc.DEPUTIES, year)) <= 6
        assert all(len(gc.serving(7, unit, year)) == 1 for unit in gc.UNITS)
    for terms in posts.values():
        assert terms[0].first == gc.YEARS[0]
        assert all(a.last + 1 == b.first for a, b in itertools.pairwise(terms))
        assert terms[-1].last == gc.YEARS[-1]
        assert all(t.last - t.first + 1 <= 6 for t in terms)
    assert gc.roster(8) != posts


def test_parsed_signers_come_from_the_roster_with_one_position_per_person(tmp_path):
    seed, n = 4, 120
    paths = gc.generate(n, tmp_path, seed)
    roles = defaultdict(set)
    for i, path in enumerate(paths):
        signer = process_bytes(path.read_bytes(), path.name).signer
        m = gc.meta(seed, i, n)
        roles[signer.name].add((signer.authority, signer.acting_for.casefold(), signer.position.casefold()))
        if signer.authority == "KT.":
            assert signer.position.casefold() == "phó tổng giám đốc"
            assert signer.name in gc.serving(seed, gc.DEPUTIES, m.year)
        elif signer.authority == "TL.":
            assert signer.position.casefold() == gc.head_position(m.unit).casefold()
            assert signer.name == gc.serving(seed, m.unit, m.year)[0]
        else:
            assert (signer.authority, signer.position.casefold()) == ("", "tổng giám đốc")
            assert signer.name == gc.serving(seed, gc.GENERAL_DIRECTOR, m.year)[0]
    assert all(len(r) == 1 for r in roles.values()), {k: r for k, r in roles.items() if len(r) > 1}
    assert {a for r in roles.values() for a, _, _ in r} == {"", "KT.", "TL."}
    assert len(roles) < n / 2


def test_generation_is_deterministic_for_a_seed(tmp_path):
    first = [p.read_bytes() for p in gc.generate(15, tmp_path / "a", 9)]
    again = [p.read_bytes() for p in gc.generate(15, tmp_path / "b", 9)]
    other = [p.read_bytes() for p in gc.generate(15, tmp_path / "c", 10)]
    assert first == again and first != other


def kind(path: str) -> str:
    return rb.size_kind(PurePosixPath(path))


def test_size_kinds_of_site_paths():
    assert kind("van-ban/2021/298-bhxh-vp-bhxhvn.html") == "dispatch pages"
    assert kind("van-ban/2021/298-bhxh-vp-bhxhvn.txt") == "raw .txt"
    assert kind("nguoi-ky/nguyen-the-manh.html") == "index pages"
    assert kind("index.html") == "index pages"
    assert kind("search/s/3.js") == "search index"
    assert kind("assets/javascripts/bundle.min.js") == "theme assets"
    assert kind("catalog.json") == "data files" and kind("tasks.csv") == "data files"


def test_site_sizes_of_the_sample_site_add_up_and_fit_its_pages(sample_site):
    site, _ = sample_site
    sizes = rb.site_sizes(site)
    assert sum(sizes["kinds"].values()) == rb.tree_bytes(site)
    assert all(sizes["kinds"][k] > 0 for k in rb.SIZE_KINDS)
    assert len(sizes["pairs"]) == len(list(Path(site, rb.DISPATCH_DIR).rglob("*.html"))) == 5
    seeds = sorted(p.stat().st_size for p in (PROJECT_DIR / "corpus").glob("*.txt"))
    assert sorted(raw for raw, _ in sizes["pairs"]) == seeds
    assert sizes["parts"]["data files", "catalog.json"] == (site / "catalog.json").stat().st_size
    a, b = rb.page_fit(sizes["pairs"])
    mean_raw = sum(r for r, _ in sizes["pairs"]) / 5
    mean_page = sum(p for _, p in sizes["pairs"]) / 5
    assert abs(a + b * mean_raw - mean_page) < 1e-6 * mean_page and b > 0
