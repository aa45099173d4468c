"""What a search result shows, and the terminal's page of results: the block of a dispatch
that best matches a query, a snippet around its densest hit with the hits marked, and the
link to that block (the same in archive-search.js).
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from typing import TYPE_CHECKING

from generator.language.dates import dmy_date
from generator.language.folding import fold
from generator.search.terms import bigrams, tokens

if TYPE_CHECKING:
    from generator.search.query import Answer, Query

_TOKEN_SPAN = re.compile(r"[^\W_]+")
SNIPPET_BEFORE = 10
SNIPPET_TOKENS = 40
HIT_START, HIT_END = "\x01", "\x02"
"""Placeholders around a hit while a result is wrapped for the terminal."""


def word_hits(words: list[str], q: Query) -> list[int]:
    """For each token of a text, the index in q.words of the word it is, -1 for none. Where
    the text holds a bigram of the query, a word of a bigram is a hit only inside one: in
    "thi đua", the "thi" of "Chỉ thị" is not."""
    out = [next((i for i, w in enumerate(q.words) if w.hits(token)), -1) for token in words]
    wanted = set(q.pairs + q.phrase_pairs)
    folded = [fold(t) for t in words]
    in_pair = [False] * len(words)
    for j in range(len(words) - 1):
        if folded[j] + " " + folded[j + 1] in wanted and out[j] >= 0 and out[j + 1] >= 0:
            in_pair[j] = in_pair[j + 1] = True
    if any(in_pair):
        paired = {w for pair in wanted for w in pair.split(" ")}
        out = [h if in_pair[j] or h < 0 or folded[j] not in paired else -1 for j, h in enumerate(out)]
    return _whole_runs(out, folded, q.runs)


def _whole_runs(hits: list[int], folded: list[str], runs: list[list[str]]) -> list[int]:
    """`hits` less the words of a symbol or quoted phrase that stand outside a whole run of it."""
    if not runs:
        return hits
    inside = [False] * len(folded)
    for run in runs:
        for j in range(len(folded) - len(run) + 1):
            if folded[j : j + len(run)] == run:
                inside[j : j + len(run)] = [True] * len(run)
    in_runs = {w for run in runs for w in run}
    return [h if h < 0 or inside[j] or folded[j] not in in_runs else -1 for j, h in enumerate(hits)]


def best_block(blocks: list[list[str]], q: Query) -> int:
    """Index of the block that best matches the query (most distinct words, then bigrams,
    then hits), -1 when none matches."""
    best, best_score = -1, 0
    wanted = set(q.pairs + q.phrase_pairs)
    for i, (_, text) in enumerate(blocks):
        words = tokens(text)
        hits = [h for h in word_hits(words, q) if h >= 0]
        pairs = len(set(bigrams([fold(t) for t in words])) & wanted)
        block_score = len(set(hits)) * 10_000 + pairs * 100 + min(len(hits), 99)
        if block_score > best_score:
            best, best_score = i, block_score
    return best


def window_start(hits: list[int]) -> int:
    """The hit whose window holds the most distinct query words (the first such), else 0."""
    reach = SNIPPET_TOKENS - SNIPPET_BEFORE
    best, best_count = 0, 0
    for i, hit in enumerate(hits):
        if hit >= 0:
            count = len({h for h in hits[i : i + reach] if h >= 0})
            if count > best_count:
                best, best_count = i, count
    return best


def snippet(text: str, q: Query) -> list[tuple[str, bool]]:
    """Segments (text, is_hit) of a window of `text` around its densest hit."""
    text = unicodedata.normalize("NFC", text)
    spans = [m.span() for m in _TOKEN_SPAN.finditer(text)]
    if not spans:
        return [(text, False)]
    hits = word_hits([text[a:b].lower() for a, b in spans], q)
    start = max(0, window_start(hits) - SNIPPET_BEFORE)
    end = min(len(spans), start + SNIPPET_TOKENS)
    segments: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    pos = spans[start][0]
    for (a, b), hit in zip(spans[start:end], hits[start:end]):
        if hit >= 0:
            segments += [(text[pos:a], False), (text[a:b], True)]
            pos = b
    segments.append((text[pos : spans[end - 1][1]], False))
    if end < len(spans):
        segments.append(("…", False))
    return [s for s in segments if s[0]]


def result(d: dict, doc: int, score: float, q: Query, carries: bool) -> dict:
    """What a result shows: symbol, date, subject, snippet, and a link to the matching block
    (to the top of the page for a dispatch that carries the symbol asked for)."""
    blocks = d["blocks"]
    i = best_block(blocks, q)
    anchor = blocks[i][0] if i >= 0 and not carries else ""
    text = blocks[i][1] if i >= 0 else (blocks[0][1] if blocks else d["subject"])
    return {
        "doc": doc, "score": score, "symbol": d["symbol"], "date": d["date"],
        "subject": d["subject"], "type": d["type"], "cites": bool(q.symbol) and not carries,
        "url": d["url"] + (f"#{anchor}" if anchor else ""),
        "snippet": snippet(text, q),
    }


def format_results(answer: Answer, bold: bool, width: int = 100, first: int = 1) -> str:
    """An answer for the terminal: the count and what it means, then each result's symbol,
    date, type, subject, link, and snippet with its hits in bold (`bold`, for a terminal) or
    between « » (for a file or a pipe)."""
    start, end = ("\x1b[1m", "\x1b[0m") if bold else ("«", "»")
    lines = [summary(answer)]
    if answer.suggestion:
        lines.append(f"Có phải bạn muốn tìm: {answer.suggestion}")
    for n, r in enumerate(answer.results, first):
        marked = "".join(f"{HIT_START}{t}{HIT_END}" if hit else t for t, hit in r["snippet"])
        marked = re.sub(f"{HIT_END}(\\s+){HIT_START}", r"\1", " ".join(marked.split()))
        cites = " · trích dẫn số này" if r["cites"] else ""
        lines.append(f"{n}. {r['symbol'] or '—'} · {dmy_date(r['date'])} · {r['type'] or '—'}{cites}")
        lines += textwrap.wrap(r["subject"], width, initial_indent="   ", subsequent_indent="   ")
        lines.append(f"   {r['url']}")
        wrapped = textwrap.wrap(marked, width, initial_indent="   > ", subsequent_indent="     ")
        lines += [w.replace(HIT_START, start).replace(HIT_END, end) for w in wrapped]
    return "\n".join(lines)


def summary(answer: Answer) -> str:
    """The line above the results (the same words as the browser's)."""
    lines = []
    if answer.symbol and not answer.carried:
        lines.append(f"Không có văn bản nào mang số {answer.symbol}.")
    if answer.partial:
        lines.append(f"Không có văn bản nào chứa đủ các từ đã gõ; {answer.total} văn bản chứa một phần:")
    elif answer.total:
        lines.append(f"{'Tối đa ' if answer.at_most else ''}{answer.total} văn bản")
    elif not lines:
        lines.append("Không tìm thấy văn bản nào.")
    return "\n".join(lines)
