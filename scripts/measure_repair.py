"""Measure the repair stage (issue 3).

(a) On the bundled seeds (corpus/*.txt): every token of every repaired line must be a
    Vietnamese syllable, a number, punctuation, or a token seen unbroken (inside a
    raw line) somewhere in the corpus; each exception is listed, with a note when it
    is two syllables fused.
(b) On text damaged by tests/support/damage.py from tests/data/clean_paragraphs.txt (not in
    the seeds), several RNG seeds: line-break decisions, errors and accuracy.
(c) Words in the wrong field: N synthetic dispatches (seeded: dispatch i is built with
    random.Random(i) and damaged with seed 1_000_000 + i) in the scraped layout of the
    samples: the standard BHXH header with a "V/v" subject (a run of 4-10 words from a
    clean paragraph, final punctuation dropped), "Kính gửi" in one of three forms (one
    line, with or without "."; "Kính gửi:" then "- r1;" ... "- rn." lines; "Kính gửi:"
    then one recipient on the next line, with or without "."), a body of 2-4 paragraphs
    whose first one starts with any sentence of clean_paragraphs.txt (its list marker
    dropped; it ends with punctuation) and goes on with the rest of that block, then
    "Nơi nhận" and a signature.  Every line is one block given to `damage`, as in (b)
    (so the header is damaged too).  Each is read by generator.convert.process_bytes.
    Method: words are whitespace tokens, folded (generator.folding.fold) and stripped
    of leading/trailing non-word characters, compared as multisets (Counter):
      - recipients: clean recipient words missing from the joined d.recipients;
      - subject: clean subject words missing from d.subject;
      - body: per word, the larger of "missing from d.body_text" and "found among the
        words d.recipients has beyond the clean recipients" (Counter union), so a body
        word moved into a recipient counts once.
    W is the number of clean recipient, subject and body words; K the sum of the three.
    A word the repair splits or fuses (a line-break error of (b)) also counts as missing
    from its field.  As a control, the same dispatches are also read undamaged, one line
    per block (a layout the scraper never gave: no short first lines, no wraps), so the
    share of the damage can be told from the reader's field rules.  A file the reader
    refuses (InputError) counts all its words.

Run from the repository: python scripts/measure_repair.py [--only a|b|c] [--count N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.errors import InputError  # noqa: E402
from generator.language.folding import fold  # noqa: E402
from generator.language.lexicon import NUMBER, ROMAN, SYMBOL_SPLIT, core  # noqa: E402
from generator.language.syllable import is_syllable, is_well_cased  # noqa: E402
from generator.reading.convert import process_bytes  # noqa: E402
from generator.reading.repair import decide_breaks, repair_text  # noqa: E402
from generator.reading.structure import LETTER_MARKER, NUMBER_MARKER, ROMAN_MARKER  # noqa: E402
from generator.tables import load_table  # noqa: E402
from tests.support.damage import damage, load_paragraphs  # noqa: E402

SEEDS = range(20)
DOC_SIZE = 12
_COUNT = re.compile(r"^\d+b$")
"""A copy count in a filing mark: "(02b)"."""
_MARKER = re.compile(rf"^(?:{LETTER_MARKER}|{NUMBER_MARKER}|{ROMAN_MARKER})$")


def unbroken_tokens(texts: list[str]) -> set[str]:
    """Cores of tokens inside a raw line (not at its edges) in any file, and their symbol
    parts ("03/CĐ-TTg" gives "CĐ"), plus the hand-written lexicon table of site_config."""
    seen = set()
    for text in texts:
        for line in text.splitlines():
            for word in line.split()[1:-1]:
                seen.add(core(word))
                seen.update(SYMBOL_SPLIT.split(core(word)))
    table = load_table("lexicon")
    return seen | set(table["abbreviations"]) | set(table["slash_words"])


def token_ok(part: str, seen: set[str]) -> bool:
    return (not part or part in seen or bool(NUMBER.match(part) or ROMAN.match(part) or _COUNT.match(part))
            or is_well_cased(part) and is_syllable(part))


def fused(word: str) -> bool:
    """True when `word` reads as two syllables written together."""
    return any(is_syllable(word[:i]) and is_syllable(word[i:]) for i in range(1, len(word)))


def measure_seeds() -> int:
    files = sorted((ROOT / "corpus").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    seen = unbroken_tokens(texts)
    exceptions = 0
    tokens = 0
    for path, text in zip(files, texts):
        for line in repair_text(text):
            for token in line.split():
                tokens += 1
                if _MARKER.match(token):
                    continue
                text_core = core(token)
                parts = [text_core] if token_ok(text_core, seen) else SYMBOL_SPLIT.split(text_core)
                bad = [p for p in parts if not token_ok(p, seen)]
                if bad:
                    exceptions += 1
                    note = " (two syllables fused)" if any(fused(p) for p in bad) else ""
                    print(f"  {path.name}: {token!r}{note}")
    print(f"(a) seeds: {len(files)} files, {tokens} tokens, exceptions: {exceptions}")
    return exceptions


def measure_damage() -> tuple[int, int]:
    paragraphs = load_paragraphs(ROOT / "tests" / "data" / "clean_paragraphs.txt")
    total, errors, by_kind = 0, 0, Counter()
    for seed in SEEDS:
        order = paragraphs[:]
        random.Random(seed).shuffle(order)
        for start in range(0, len(order), DOC_SIZE):
            damaged = damage(order[start:start + DOC_SIZE], seed * 1000 + start)
            lines, decisions = decide_breaks(damaged.text)
            for n, (got, want) in enumerate(zip(decisions, damaged.decisions)):
                total += 1
                by_kind[want] += 1
                if got != want:
                    errors += 1
                    print(f"  seed {seed}: {want} -> {got}: {lines[n][-40:]!r} | {lines[n + 1][:40]!r}")
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items()))
    print(f"(b) damaged text: {len(SEEDS)} RNG seeds, {total} line-break decisions ({kinds}), "
          f"errors: {errors}, accuracy: {100 * (1 - errors / total):.3f}%")
    return total, errors


RECIPIENTS = (
    "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương",
    "BHXH các tỉnh, thành phố trực thuộc Trung ương",
    "Bộ Y tế",
    "Bộ Tài chính",
    "Các đơn vị trực thuộc BHXH Việt Nam",
    "Thủ trưởng các đơn vị trực thuộc BHXH Việt Nam",
    "Sở Lao động - Thương binh và Xã hội các tỉnh",
    "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương",
    "Ủy ban nhân dân các tỉnh, thành phố",
    "Tổng Liên đoàn Lao động Việt Nam",
    "Bệnh viện Bạch Mai",
    "Công ty TNHH ABC",
    "Công ty Cổ phần Dịch vụ Bưu chính Viettel",
)
UNITS = ("VP", "TST", "CSXH", "CSYT", "TCKT", "TTKT", "CNTT", "TĐKT")
SIGNERS = ("Nguyễn Văn Minh", "Trần Thị Thu Hà", "Lê Quang Đức", "Phạm Thanh Bình")
FORMS = ("one line", "list", "next line")
_LIST_MARKER = re.compile(r"^(?:\d{1,2}\.|[a-zđ]\)|[IVXLC]+\.|-)\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_EDGE = re.compile(r"^\W+|\W+$")


def words(text: str) -> Counter:
    """Folded words of `text` without leading/trailing punctuation, as a multiset."""
    return Counter(w for w in (_EDGE.sub("", fold(t)) for t in text.split()) if w)


def sentences(block: str) -> list[str]:
    """The sentences of a block: split after ".", "!" or "?" where the next word is capitalised."""
    result = []
    for piece in _SENTENCE_END.split(block):
        if result and not piece.lstrip("“(")[:1].isupper():
            result[-1] += " " + piece
        else:
            result.append(piece)
    return result


def openings(paragraphs: list[str]) -> list[tuple[int, str]]:
    """Every sentence of the clean blocks that ends with punctuation, with the rest of its
    block (list markers dropped), and the block's index: the first body paragraphs."""
    result = []
    for n, block in enumerate(paragraphs):
        parts = sentences(_LIST_MARKER.sub("", block))
        result += [(n, " ".join(parts[i:])) for i, s in enumerate(parts) if s[-1] in ".;:!?"]
    return result


def synthetic_dispatch(rng: random.Random, paragraphs: list[str], starts: list[tuple[int, str]]):
    """One dispatch in the samples' scraped layout, as (blocks, form, recipients, subject, body)."""
    unit, form = rng.choice(UNITS), rng.choice(FORMS)
    source = rng.choice(paragraphs).split()
    first = 1 if _LIST_MARKER.match(source[0] + " ") else 0  # not the list marker
    start = rng.randrange(first, max(first + 1, len(source) - 4))
    subject = " ".join(source[start:start + rng.randint(4, 10)]).rstrip(".,;:!?")
    recipients = rng.sample(RECIPIENTS, rng.randint(2, 3) if form == "list" else 1)
    if form == "list":
        addressed = ["Kính gửi:"] + [f"- {r};" for r in recipients[:-1]] + [f"- {recipients[-1]}."]
    else:
        last = recipients[0] + rng.choice(("", "."))
        addressed = [f"Kính gửi: {last}"] if form == "one line" else ["Kính gửi:", last]
    n, opening = rng.choice(starts)
    body = [opening] + rng.sample(paragraphs[:n] + paragraphs[n + 1:], rng.randint(1, 3))
    blocks = ["BẢO HIỂM XÃ HỘI VIỆT NAM", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
              "Độc lập - Tự do - Hạnh phúc", "---------------",
              f"Số: {rng.randint(1, 4999)}/BHXH-{unit}", f"V/v {subject}",
              f"Hà Nội, ngày {rng.randint(1, 28):02d} tháng {rng.randint(1, 12):02d} năm {rng.randint(2018, 2025)}",
              *addressed, *body, "Nơi nhận:", "- Như trên;", f"- Lưu: VT, {unit}.",
              "KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", rng.choice(SIGNERS)]
    return blocks, form, " ".join(recipients), subject, " ".join(body)


def misplaced(text: str, recipients: str, subject: str, body: str) -> tuple[int, str, str]:
    """Words of the clean recipients, subject and body that the reader puts in the wrong
    field (see the module docstring), with the recipient field and body it read."""
    try:
        d = process_bytes(text.encode("utf-8"), "gen.txt")
    except InputError as e:
        return sum((words(recipients) + words(subject) + words(body)).values()), "", str(e)
    got_recipients, got_body = words(" ".join(d.recipients)), words(d.body_text)
    extra_in_recipients = got_recipients - words(recipients)
    wrong = (words(recipients) - got_recipients) + (words(subject) - words(d.subject))
    wrong += (words(body) - got_body) | (extra_in_recipients & words(body))
    return sum(wrong.values()), "; ".join(d.recipients), d.body_text


def measure_fields(count: int) -> tuple[int, int]:
    """Part (c): words in the wrong field over `count` damaged synthetic dispatches."""
    paragraphs = load_paragraphs(ROOT / "tests" / "data" / "clean_paragraphs.txt")
    starts = openings(paragraphs)
    total, wrong, wrong_clean, examples = 0, 0, 0, []
    by_form, failed, failed_clean = Counter(), Counter(), Counter()
    for i in range(count):
        blocks, form, recipients, subject, body = synthetic_dispatch(random.Random(i), paragraphs, starts)
        damaged = damage(blocks, 1_000_000 + i)
        k, got_recipients, got_body = misplaced(damaged.text, recipients, subject, body)
        total += sum((words(recipients) + words(subject) + words(body)).values())
        k_clean = misplaced("\n".join(blocks), recipients, subject, body)[0]
        wrong, wrong_clean = wrong + k, wrong_clean + k_clean
        by_form[form] += 1
        failed[form] += bool(k)
        failed_clean[form] += bool(k_clean)
        if k:
            examples.append((i, form, k, got_recipients[:100], got_body[:100]))
    print(f"(c) Kính gửi then any sentence: {count} dispatches, {total} words, "
          f"wrong field: {wrong} ({100 * wrong / max(total, 1):.2f} %); "
          f"undamaged (one line a block): {wrong_clean} ({100 * wrong_clean / max(total, 1):.2f} %)")
    for form in FORMS:
        print(f"  {form}: {failed[form]} of {by_form[form]} dispatches with a misplaced word "
              f"(undamaged: {failed_clean[form]})")
    for i, form, k, got_recipients, got_body in examples[:5]:
        print(f"  #{i} ({form}, {k} words): recipients {got_recipients!r}\n      body {got_body!r}")
    return total, wrong


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("a", "b", "c"), help="run one part only (default: all)")
    parser.add_argument("--count", type=int, default=300, help="dispatches of part (c) (default 300)")
    args = parser.parse_args()
    if args.only in (None, "a"):
        measure_seeds()
    if args.only in (None, "b"):
        measure_damage()
    if args.only in (None, "c"):
        measure_fields(args.count)
