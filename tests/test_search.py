"""Search ranking on the sample site, read by the Python query side (the browser's twin)."""

from __future__ import annotations

import dataclasses
import json
import unicodedata

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator import catalog, search
from generator.cli import main
from generator.folding import fold
from generator.pipeline import process_file
from generator.search_query import search as run_search

from .conftest import SAMPLE_CORPUS


def symbols(site_dir, query, filters=None, limit=10):
    return [r["symbol"] for r in run_search(site_dir, query, filters, limit)[1]]


def catalog_by_symbol(site_dir):
    records = json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))
    return {r["symbol"]: r for r in records}


def test_acceptance_queries_put_the_expected_dispatch_first(sample_site):
    site_dir, _ = sample_site
    assert symbols(site_dir, "cong van phat trien nguoi tham gia")[0] == "4346/CĐ-BHXH"
    assert symbols(site_dir, "thi đua")[0] == "01/BHXH-TĐKT"
    assert symbols(site_dir, "381/BHXH-VP")[0] == "381/BHXH-VP"


def test_symbol_queries_in_any_form_find_the_dispatch_first(sample_site):
    site_dir, _ = sample_site
    assert symbols(site_dir, "381")[0] == "381/BHXH-VP"
    assert symbols(site_dir, "381/bhxh-vp")[0] == "381/BHXH-VP"
    assert symbols(site_dir, "cong van 381")[0] == "381/BHXH-VP"
    assert set(symbols(site_dir, "bhxh-vp")[:2]) == {"381/BHXH-VP", "288/BHXH-VP"}
    assert symbols(site_dir, "BHXH-BT 2020")[0] == "3036/BHXH-BT"
    assert symbols(site_dir, "01/BHXH-TĐKT")[0] == symbols(site_dir, "01/bhxh-tdkt")[0] == "01/BHXH-TĐKT"


def test_diacritics_tone_placement_and_nfd_do_not_change_the_answer(sample_site):
    site_dir, _ = sample_site
    pairs = [("công văn", "cong van"), ("hoá", "hóa"), ("uỷ ban", "ủy ban"), ("Thi đua", "THI ĐUA")]
    for a, b in pairs:
        assert run_search(site_dir, a)[1], a
        assert symbols(site_dir, a) == symbols(site_dir, b), (a, b)
    for query in ("phát triển người tham gia", "thi đua khen thưởng", "Ủy ban nhân dân"):
        nfd = unicodedata.normalize("NFD", query)
        assert nfd != query
        assert run_search(site_dir, nfd) == run_search(site_dir, query)


def test_exact_accented_match_ranks_above_a_folded_one(tmp_path):
    """Damaged on purpose: a copy of the thi đua dispatch with every diacritic stripped."""
    seed = next(p for p in sorted(SAMPLE_CORPUS.glob("*.txt")) if "TĐKT" in p.read_text(encoding="utf-8"))
    original = process_file(seed, SAMPLE_CORPUS)
    stripped = dataclasses.replace(
        original, source="stripped.txt", symbol="02/BHXH-TDKT", number="02",
        subject=fold(original.subject), body_text=fold(original.body_text),
        blocks=tuple(dataclasses.replace(b, text=fold(b.text)) for b in original.blocks))
    docs = catalog.assign_ids([original, stripped])
    search.write_index(tmp_path, docs)
    assert symbols(tmp_path, "thi đua")[:2] == ["01/BHXH-TĐKT", "02/BHXH-TDKT"]
    assert set(symbols(tmp_path, "thi dua")) == {"01/BHXH-TĐKT", "02/BHXH-TDKT"}


def test_quoted_phrase_requires_the_words_in_that_order(sample_site):
    site_dir, _ = sample_site
    records = catalog_by_symbol(site_dir)
    phrase = ["phat", "trien", "nguoi", "tham", "gia"]
    found = symbols(site_dir, '"phát triển người tham gia"')
    assert found and found[0] == "4346/CĐ-BHXH"
    for symbol in found:
        r = records[symbol]
        text = [fold(t) for t in search.tokens(r["subject"] + "\n" + r["body_text"])]
        assert any(text[i : i + 5] == phrase for i in range(len(text))), symbol
    assert len(symbols(site_dir, "tham gia thi đua")) > len(symbols(site_dir, '"tham gia thi đua"'))


def test_filters_by_type_year_unit_and_recipient(sample_site):
    site_dir, _ = sample_site
    records = catalog_by_symbol(site_dir)
    assert symbols(site_dir, "bảo hiểm", {"type": "Công điện"}) == ["4346/CĐ-BHXH"]
    in_2021 = symbols(site_dir, "bảo hiểm", {"year": "2021"})
    assert in_2021 and all(records[s]["year"] == "2021" for s in in_2021)
    assert set(symbols(site_dir, "", {"unit": "VP"})) == {s for s, r in records.items() if r["drafting_unit"] == "VP"}
    recipient = records["3036/BHXH-BT"]["recipients"][0]
    sent = symbols(site_dir, "", {"recipient": recipient})
    assert "3036/BHXH-BT" in sent and all(recipient in records[s]["recipients"] for s in sent)
    assert symbols(site_dir, "thi đua", {"year": "2024", "type": "Công điện"}) == []


def test_results_carry_a_highlighted_snippet_and_a_link_to_an_existing_section(sample_site):
    site_dir, _ = sample_site
    total, results = run_search(site_dir, "phòng chống dịch Covid")
    assert total and results
    for r in results:
        assert r["symbol"] and r["date"] and r["subject"]
        hits = [text for text, hit in r["snippet"] if hit]
        assert hits and all(fold(h) in {"phong", "chong", "dich", "covid"} for h in hits)
        page, _, anchor = r["url"].partition("#")
        html = (site_dir / page).read_text(encoding="utf-8")
        if anchor:
            assert f'id="{anchor}"' in html
    assert any("#" in r["url"] for r in results)


def test_empty_and_unknown_queries_return_nothing(sample_site):
    site_dir, _ = sample_site
    assert run_search(site_dir, "  ,; ") == (0, [])
    assert run_search(site_dir, "xyzzyqwerty") == (0, [])


def test_cli_search_prints_the_ranked_results(sample_site):
    site_dir, _ = sample_site
    result = CliRunner().invoke(main, ["search", "thi đua", "--site-dir", str(site_dir), "--limit", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("1. 01/BHXH-TĐKT")
    assert "thi đua" in result.output and "3." not in result.output


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 10**6)), max_size=50))
def test_postings_round_trip(pairs):
    docs = sorted({d for d, _ in pairs})
    postings = [(d, w) for d, (_, w) in zip(docs, pairs)]
    assert search.decode_postings(search.encode_postings(postings)) == postings


def test_long_posting_lists_in_their_own_files_rank_the_same(sample_site, tmp_path, monkeypatch):
    site_dir, _ = sample_site
    docs = catalog.assign_ids([process_file(p, SAMPLE_CORPUS) for p in sorted(SAMPLE_CORPUS.glob("*.txt"))])
    monkeypatch.setattr(search, "OWN_FILE_CHARS", 8)
    search.write_index(tmp_path, docs)
    assert len(list((tmp_path / "search" / "t").glob("*.js"))) > 100
    for query in ("cong van phat trien nguoi tham gia", "thi đua", "381/BHXH-VP", '"người tham gia"'):
        assert run_search(tmp_path, query) == run_search(site_dir, query)
