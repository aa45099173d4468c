"""Search ranking on the sample site, read by the Python query side (the browser's twin)."""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import main
from generator.language.folding import fold
from generator.language.units import registry
from generator.pages import catalog
from generator.reading.convert import process_file
from generator.search import index as search
from generator.search import terms
from generator.search.query import Index, filter_choices, parse_query, ranked, resolve_filter
from generator.search.query import search as run_search
from generator.search.results import snippet

from ..conftest import SAMPLE_CORPUS


def symbols(site_dir, query, filters=None, limit=10):
    return [r["symbol"] for r in run_search(site_dir, query, filters, limit).results]


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
        assert run_search(site_dir, a).results, a
        assert symbols(site_dir, a) == symbols(site_dir, b), (a, b)
    for query in ("phát triển người tham gia", "thi đua khen thưởng", "Ủy ban nhân dân"):
        nfd = unicodedata.normalize("NFD", query)
        assert nfd != query
        assert run_search(site_dir, nfd) == run_search(site_dir, query)


def test_a_word_typed_with_marks_needs_those_marks_and_one_typed_without_matches_any(tmp_path):
    """Damaged on purpose: a copy of the thi đua dispatch with every diacritic stripped."""
    seed = next(p for p in sorted(SAMPLE_CORPUS.glob("*.txt")) if "TĐKT" in p.read_text(encoding="utf-8"))
    original = process_file(seed, SAMPLE_CORPUS)
    stripped = dataclasses.replace(
        original, source="stripped.txt", symbol="02/BHXH-TDKT", number="02",
        subject=fold(original.subject), body_text=fold(original.body_text),
        blocks=tuple(dataclasses.replace(b, text=fold(b.text)) for b in original.blocks))
    docs = catalog.assign_ids([original, stripped])
    search.write_index(tmp_path, docs, terms.shard_count(len(docs)))
    assert symbols(tmp_path, "thi đua") == ["01/BHXH-TĐKT"]
    assert set(symbols(tmp_path, "thi dua")) == {"01/BHXH-TĐKT", "02/BHXH-TDKT"}


def test_quoted_phrase_requires_the_words_in_that_order(sample_site):
    site_dir, _ = sample_site
    records = catalog_by_symbol(site_dir)
    phrase = ["phat", "trien", "nguoi", "tham", "gia"]
    found = symbols(site_dir, '"phát triển người tham gia"')
    assert found and found[0] == "4346/CĐ-BHXH"
    for symbol in found:
        r = records[symbol]
        text = [fold(t) for t in terms.tokens(r["subject"] + "\n" + r["body_text"])]
        assert any(text[i : i + 5] == phrase for i in range(len(text))), symbol
    assert set(symbols(site_dir, '"y tế bảo hiểm"')) < set(symbols(site_dir, "y tế bảo hiểm"))


def test_filters_by_type_year_unit_and_recipient(sample_site):
    site_dir, _ = sample_site
    records = catalog_by_symbol(site_dir)
    assert symbols(site_dir, "bảo hiểm", {"type": "Công điện"}) == ["4346/CĐ-BHXH"]
    in_2021 = symbols(site_dir, "bảo hiểm", {"year": "2021"})
    assert in_2021 and all(records[s]["year"] == "2021" for s in in_2021)
    office = registry().code_name("VP")
    assert office != "VP", "the drafting-unit filter names the unit"
    assert set(symbols(site_dir, "", {"unit": office})) == {s for s, r in records.items() if r["drafting_unit"] == "VP"}
    assert symbols(site_dir, "thi đua", {"year": "2024", "type": "Công điện"}) == []


def unit_page_dispatches(site_dir, slug) -> set[str]:
    """The dispatches a unit's page lists (its links to dispatch pages)."""
    html = (site_dir / "don-vi" / f"{slug}.html").read_text(encoding="utf-8")
    urls = set(re.findall(r'href="\.\./(van-ban/[^"#]+\.html)', html))
    return {r["symbol"] for r in catalog_by_symbol(site_dir).values() if r["url"] in urls}


def test_unit_filters_are_the_registry_units_counting_what_their_unit_pages_count(sample_site):
    site_dir, _ = sample_site
    choices = filter_choices(site_dir)
    units = {u.name: u for u in registry().units}
    for facet in ("recipients", "distribution"):
        assert choices[facet] and set(choices[facet]) <= set(units), "one entry per registered unit"
    for name in choices["distribution"]:
        sent = set(symbols(site_dir, "", {"distribution": name}, limit=100))
        assert sent == unit_page_dispatches(site_dir, units[name].slug), name
    provinces = resolve_filter("distribution", "BHXH các tỉnh, thành phố trực thuộc Trung ương", choices["distribution"])
    assert provinces == resolve_filter("distribution", "BHXH tỉnh", choices["distribution"]) is not None
    addressed = set(symbols(site_dir, "", {"recipients": provinces}, limit=100))
    assert addressed and addressed <= set(symbols(site_dir, "", {"distribution": provinces}, limit=100))


@pytest.mark.parametrize("args, says", [
    (["x", "--year", "abc"], "'abc' is none of the choices"),
    (["x", "--unit", "XYZ"], "'XYZ' is none of the choices"),
    (["x", "--limit", "-1"], "-1 is not in the range"),
    ([""], "Give a query or a filter"),
])
def test_cli_search_refuses_bad_filters_and_limits_with_the_valid_choices(sample_site, args, says):
    site_dir, _ = sample_site
    result = CliRunner().invoke(main, ["search", *args, "--site-dir", str(site_dir)])
    assert result.exit_code == 2 and says in result.output, result.output
    if "--year" in args:
        assert "\n  2021" in result.output


OFFICE, EMULATION = "Văn phòng Bảo hiểm xã hội Việt Nam", "Ban Thi đua - Khen thưởng Bảo hiểm xã hội Việt Nam"
PROVINCES = "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương"


@pytest.mark.parametrize("option, name, spellings", [
    ("--unit", OFFICE, ["vp", "VP", "Văn phòng", "van phong", "Văn phòng BHXH Việt Nam",
                        "Van phong Bao hiem xa hoi Viet Nam"]),
    ("--unit", EMULATION, ["TĐKT", "TDKT", "tdkt", "Ban Thi đua - Khen thưởng", "Ban TĐKT",
                           "Ban Thi dua - Khen thuong Bao hiem xa hoi Viet Nam"]),
    ("--kinh-gui", PROVINCES, ["BHXH các tỉnh", "bhxh tinh", "Bao hiem xa hoi cac tinh, thanh pho truc thuoc Trung uong"]),
    ("--recipients", PROVINCES, ["BHXH các tỉnh", "bhxh tinh"]),
    ("--noi-nhan", PROVINCES, ["BHXH các tỉnh", "bhxh tinh", "BHXH các tỉnh, TP"]),
    ("--distribution", PROVINCES, ["BHXH các tỉnh", "BHXH các tỉnh, TP"]),
])
def test_cli_search_takes_a_unit_by_code_or_any_registered_spelling(sample_site, option, name, spellings):
    site_dir, _ = sample_site
    expected = CliRunner().invoke(main, ["search", "", option, name, "--site-dir", str(site_dir), "--limit", "50"])
    assert expected.exit_code == 0 and "/" in expected.output, expected.output
    for spelling in spellings:
        typed = CliRunner().invoke(main, ["search", "", option, spelling, "--site-dir", str(site_dir), "--limit", "50"])
        assert (typed.exit_code, typed.output) == (0, expected.output), spelling


def test_cli_search_lists_units_as_name_and_code_when_a_value_matches_none(sample_site):
    site_dir, _ = sample_site
    refused = CliRunner().invoke(main, ["search", "", "--unit", "Vụ Không Có", "--site-dir", str(site_dir)])
    assert refused.exit_code == 2
    assert f"\n  {registry().code_name('VP')} (VP)" in refused.output, refused.output
    assert f"\n  {registry().code_name('TĐKT')} (TĐKT)" in refused.output, refused.output


def test_results_carry_a_highlighted_snippet_and_a_link_to_an_existing_section(sample_site):
    site_dir, _ = sample_site
    answer = run_search(site_dir, "phòng chống dịch Covid")
    results = answer.results
    assert answer.total and results
    for r in results:
        assert r["symbol"] and r["date"] and r["subject"]
        hits = [text for text, hit in r["snippet"] if hit]
        assert hits and all(fold(h) in {"phong", "chong", "dich", "covid"} for h in hits)
        page, _, anchor = r["url"].partition("#")
        html = (site_dir / page).read_text(encoding="utf-8")
        if anchor:
            assert f'id="{anchor}"' in html
    assert any("#" in r["url"] for r in results)


@pytest.mark.parametrize("query, run", [("381/BHXH-VP", "381/BHXH-VP"), ('"thi đua"', "thi đua")])
def test_a_symbol_or_quoted_phrase_is_marked_only_where_it_stands_whole(sample_site, query, run):
    """381/BHXH-VP marks no "BHXH-VP" of 287/BHXH-VP; "thi đua" no "thi" of "thực thi"."""
    site_dir, _ = sample_site
    text = "Công văn số 287/BHXH-VP, thực thi đúng; số 381/BHXH-VP; thi đua và thi hành"
    marked = "".join(f"[{t}]" if hit else t for t, hit in snippet(text, parse_query(query)))
    whole = re.sub(r"\w+", lambda m: f"[{m[0]}]", run)
    assert marked.count("[") == len(re.findall(r"\w+", run)) and whole in marked
    answer = run_search(site_dir, query, limit=50)
    assert answer.total
    for r in answer.results:
        marked = "".join(f"[{t}]" if hit else t for t, hit in r["snippet"])
        assert "[" not in marked.replace(whole, ""), (r["symbol"], marked)


def test_empty_and_unknown_queries_return_nothing(sample_site):
    site_dir, _ = sample_site
    for query in ("  ,; ", "xyzzyqwerty"):
        answer = run_search(site_dir, query)
        assert answer.total == 0 and answer.results == [] and not answer.partial


def test_cli_search_prints_the_ranked_results(sample_site):
    site_dir, _ = sample_site
    result = CliRunner().invoke(main, ["search", "bảo hiểm", "--site-dir", str(site_dir), "--limit", "2"])
    assert result.exit_code == 0, result.output
    expected = run_search(site_dir, "bảo hiểm", {}, 2).results
    lines = result.output.splitlines()
    record = catalog_by_symbol(site_dir)[expected[0]["symbol"]]
    day = record["date"]
    assert lines[0] == "5 văn bản"
    assert lines[1] == f"1. {record['symbol']} · {day[8:]}/{day[5:7]}/{day[:4]} · {record['doc_type']}"
    assert lines[2].strip() == record["subject"][: len(lines[2].strip())]
    assert f"   {expected[0]['url']}" in lines and f"   {expected[1]['url']}" in lines
    assert "«bảo hiểm»" in result.output, "adjacent hits are marked as one run, between « » off a terminal"
    assert "\x1b[" not in result.output and "3." not in result.output


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 10**6)), max_size=50))
def test_postings_round_trip(pairs):
    docs = sorted({d for d, _ in pairs})
    postings = [(d, w) for d, (_, w) in zip(docs, pairs)]
    assert terms.decode_postings(terms.encode_postings(postings)) == postings


def test_a_query_loads_only_its_shards_and_the_files_of_its_results(sample_site):
    site_dir, _ = sample_site
    q = parse_query("thi đua", {"year": "2021"})
    index = Index(site_dir)
    found = ranked(index, q, partial=False)
    shards = {f"s/{terms.shard_of(terms.shard_key(t), index.shard_count)}.js" for t in q.lookups()}
    assert q.lookups() == ["thi", "=đua", "thi dua", "!y:2021"]
    assert found and set(index.loaded) == shards


def test_a_hit_in_a_paragraph_without_its_own_anchor_links_to_the_preceding_anchored_block(sample_site):
    site_dir, _ = sample_site
    checked = 0
    for path in sorted(SAMPLE_CORPUS.glob("*.txt")):
        d = process_file(path, SAMPLE_CORPUS)
        for i, block in enumerate(d.blocks):
            before = [b.anchor for b in d.blocks[:i] if b.anchor]
            words = set(terms.tokens(block.text))
            others = [set(terms.tokens(b.text)) for j, b in enumerate(d.blocks) if j != i]
            if block.anchor or not before or any(words <= o for o in others):
                continue
            results = run_search(site_dir, f'"{block.text}"', {}, 20).results
            found = [r for r in results if r["symbol"] == d.symbol]
            assert found, block.text
            page, _, anchor = found[0]["url"].partition("#")
            assert anchor == before[-1], block.text
            assert f'id="{anchor}"' in (site_dir / page).read_text(encoding="utf-8")
            checked += 1
    assert checked >= 10


def test_the_snippet_shows_the_densest_hit_in_context():
    """Two words from the end of a long real block and one from its start: the window
    goes to the end, where two of the three are, with the words around them."""
    paths = sorted(SAMPLE_CORPUS.glob("*.txt"))
    text = max((b.text for p in paths for b in process_file(p, SAMPLE_CORPUS).blocks), key=len)
    words = terms.tokens(text)
    assert len(words) > 80
    early = next(w for w in words[:10] if fold(w) not in {fold(x) for x in words[40:]})
    late = [w for w in words[-20:] if fold(w) not in {fold(x) for x in words[:-20]}][:2]
    assert len(late) == 2
    segments = snippet(text, parse_query(" ".join([early, *late])))
    marked = {fold(t) for t, hit in segments if hit}
    assert {fold(w) for w in late} <= marked and fold(early) not in marked
    assert segments[0] == ("…", False)
    shown = terms.tokens("".join(t for t, _ in segments))
    assert len(shown) >= 20, "hits come with the words around them"


def test_rewriting_the_index_leaves_no_file_of_the_previous_one(tmp_path):
    docs = catalog.assign_ids([process_file(p, SAMPLE_CORPUS) for p in sorted(SAMPLE_CORPUS.glob("*.txt"))])
    search.write_index(tmp_path, docs, 64)
    (tmp_path / "search" / "t").mkdir()
    (tmp_path / "search" / "t" / "0.js").write_text("old format", encoding="utf-8")
    search.write_index(tmp_path, docs[:2], 16)
    root = tmp_path / "search"
    assert sorted(p.name for p in (root / "d").iterdir()) == ["0.js", "1.js"]
    assert sorted(p.name for p in root.iterdir()) == ["d", "f.js", "lunr.js", "manifest.js", "p", "s"]
    assert len(list((root / "s").iterdir())) == len(list((root / "p").iterdir())) == 16
    assert {r["symbol"] for r in run_search(tmp_path, "", {"year": docs[0].year}).results} <= {d.symbol for d in docs[:2]}
    search.write_index(tmp_path, docs, 4096)
    assert len(list((root / "s").iterdir())) == 4096 and len(list((root / "p").iterdir())) == 1024


def test_cli_search_on_a_site_without_an_index_says_so_without_a_traceback(tmp_path):
    result = CliRunner().invoke(main, ["search", "thi đua", "--site-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "no search index" in result.output and "Traceback" not in result.output


def test_shard_count_grows_with_the_archive_in_powers_of_two():
    counts = [terms.shard_count(n) for n in (0, 5, 40, 1_000, 10_000, 100_000)]
    assert counts == [16, 16, 64, 1024, 16384, 32768]
    assert all(c & (c - 1) == 0 for c in counts)


def test_every_page_states_the_shard_count_of_its_index(sample_site):
    site_dir, _ = sample_site
    index = Index(site_dir)
    assert index.shard_count == terms.shard_count(5)
    assert len(list((site_dir / "search" / "s").iterdir())) == index.shard_count
    for page in (site_dir / "index.html", site_dir / catalog_url(site_dir)):
        assert f'data-shards="{index.shard_count}"' in page.read_text(encoding="utf-8"), page


def catalog_url(site_dir) -> str:
    return json.loads((site_dir / "catalog.json").read_text(encoding="utf-8"))[0]["url"]


def test_every_word_is_required(sample_site):
    """"thi đua" is one dispatch, not every dispatch citing a "Chỉ thị"; "khen thưởng" is not
    "thường xuyên"."""
    site_dir, _ = sample_site
    records = catalog_by_symbol(site_dir)
    assert symbols(site_dir, "thi đua") == ["01/BHXH-TĐKT"]
    assert symbols(site_dir, "thi dua")[0] == "01/BHXH-TĐKT"
    for symbol in symbols(site_dir, "khen thưởng"):
        words = {fold(t) for t in terms.tokens(records[symbol]["subject"] + " " + records[symbol]["body_text"])}
        assert {"khen", "thuong"} <= words, symbol
    snippet_hits = {t for r in run_search(site_dir, "thi đua").results for t, hit in r["snippet"] if hit}
    assert {h.lower() for h in snippet_hits} == {"thi", "đua"}, "«Chỉ thị» is no hit where «thi đua» is"


def test_when_no_dispatch_has_every_word_the_best_partial_matches_are_marked_as_such(sample_site):
    site_dir, _ = sample_site
    answer = run_search(site_dir, "thi đua xyzzyqwerty")
    assert answer.partial and answer.total and answer.results[0]["symbol"] == "01/BHXH-TĐKT"
    assert not run_search(site_dir, "thi đua").partial


def test_a_symbol_shows_the_dispatch_that_carries_it_first_and_says_when_none_does(sample_site):
    site_dir, _ = sample_site
    answer = run_search(site_dir, "381/BHXH-VP")
    assert answer.carried == 1 and answer.results[0]["symbol"] == "381/BHXH-VP"
    assert "#" not in answer.results[0]["url"], "the carrier opens at the top of its page"
    missing = run_search(site_dir, "999/BHXH-VP")
    assert missing.total == 0 and missing.symbol == "999/BHXH-VP" and not missing.partial
    cited = run_search(site_dir, "287/BHXH-VP")  # cited by 381/BHXH-VP, carried by none
    assert cited.carried == 0 and [r["symbol"] for r in cited.results] == ["381/BHXH-VP"]
    assert cited.results[0]["cites"] and "#" in cited.results[0]["url"]
    result = CliRunner().invoke(main, ["search", "999/BHXH-VP", "--site-dir", str(site_dir)])
    assert result.output.startswith("Không có văn bản nào mang số 999/BHXH-VP.")


def test_the_last_word_being_typed_matches_as_a_prefix(sample_site):
    site_dir, _ = sample_site
    assert run_search(site_dir, "covi").total == 0
    assert symbols_typed(site_dir, "covi") == symbols(site_dir, "covid") == ["381/BHXH-VP"]
    assert symbols_typed(site_dir, "phòng chống dịch covi") == symbols(site_dir, "phòng chống dịch covid")
    assert symbols_typed(site_dir, "covi ") == []  # a space ends the word


def symbols_typed(site_dir, query):
    return [r["symbol"] for r in run_search(site_dir, query, prefix=True).results]


def test_a_long_word_nothing_has_gets_the_nearest_indexed_word(sample_site):
    site_dir, _ = sample_site
    assert run_search(site_dir, "covit").suggestion == "covid"
    assert run_search(site_dir, "phòng chống covit").suggestion == "phòng chống covid"
    assert run_search(site_dir, "covid").suggestion == ""
    assert run_search(site_dir, "xyzzyqwerty").suggestion == ""


def test_every_result_is_reachable_page_by_page_in_either_order(sample_site):
    site_dir, _ = sample_site
    for sort in ("relevance", "newest"):
        whole = run_search(site_dir, "bảo hiểm", limit=100, sort=sort)
        pages = [r for offset in range(0, whole.total, 2)
                 for r in run_search(site_dir, "bảo hiểm", limit=2, offset=offset, sort=sort).results]
        assert [r["symbol"] for r in pages] == [r["symbol"] for r in whole.results] and whole.total == 5
    newest = [r["date"] for r in run_search(site_dir, "bảo hiểm", limit=100, sort="newest").results]
    assert newest == sorted(newest, reverse=True)


def test_a_long_phrase_is_checked_word_by_word_as_results_are_shown(sample_site):
    """The count is an upper bound (at_most) until every match has been checked, then exact."""
    site_dir, _ = sample_site
    phrase, words = '"phát triển người tham gia"', ["phat", "trien", "nguoi", "tham", "gia"]
    holding = set()
    for symbol, r in catalog_by_symbol(site_dir).items():
        for text in [r["subject"], *r["body_text"].split("\n\n")]:
            folded = [fold(t) for t in terms.tokens(text)]
            if any(folded[i : i + 5] == words for i in range(len(folded))):
                holding.add(symbol)
    whole = run_search(site_dir, phrase, limit=10)
    assert not whole.at_most and {r["symbol"] for r in whole.results} == holding and whole.total == len(holding)
    candidates = len(ranked(Index(site_dir), parse_query(phrase), partial=False))
    first = run_search(site_dir, phrase, limit=1)
    assert candidates > 1 and first.at_most and first.total == candidates
