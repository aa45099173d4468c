"""One tolerant vocabulary: the fixed phrases of a dispatch's grammar, read through OCR damage.

Every rule that looks for a fixed phrase asks here: the motto and its tagline, the Party's
heading, the labels (Số, Kính gửi, Nơi nhận, V/v), type names, authority titles and
collective bodies, issuer words, Công báo section headings. Phrases are compared word by
word on a folded, OCR-normalised key ("S6" → "so", "BOC" and "ĐỐC" → "boc"/"doc") within a
bounded edit distance (site_config/vocabulary.yml), so "PHO TONG GIAM BOC" reads as
"PHÓ TỔNG GIÁM ĐỐC" and "CONG HOA XA HOI CHU NGHIA VIET NAM" as the motto.

`restore` writes a damaged fixed phrase as the vocabulary spells it and never touches a
word printed with its marks as a valid spelling ("THANH HÓA" stays, "CHI CỤC" stays).
Tables: vocabulary.yml, doc_types.yml, signing.yml, issuers.yml; read on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.language.folding import fold
from generator.language.syllable import is_syllable
from generator.tables import load_table, per_project

_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Phrase:
    """A fixed phrase: its spelling and its folded words."""

    canonical: str
    kind: str
    words: tuple[str, ...]

    @property
    def letters(self) -> int:
        return sum(map(len, self.words))


@per_project(maxsize=1)
def _table() -> dict:
    return load_table("vocabulary")


@per_project(maxsize=65536)
def key(word: str) -> str:
    """A word's comparison key: folded, OCR's digits inside letters read as letters ("S6" →
    "so"), a letter Vietnamese has not as the ones OCR took for it ("FA" → "pha")."""
    folded = fold(word).translate(_foreign())
    if folded.isalpha() or folded.isdigit():
        return folded
    return folded.translate(str.maketrans(_table()["ocr_letters"]))


@per_project(maxsize=1)
def _foreign() -> dict:
    return str.maketrans(_table()["foreign_letters"])


def words(text: str) -> list[str]:
    """The keys of the words of `text` (letters and digits; punctuation dropped)."""
    return [key(w) for w in _TOKEN.findall(text)]


def _sources(kind: str) -> list[str]:
    """The spellings of one kind of phrase, from the table that holds them."""
    table = _table()
    if kind in ("motto", "tagline", "party", "gazette_headings"):
        return list(table[kind])
    if kind == "labels":
        return list(table["labels"])
    if kind == "types":
        types = load_table("doc_types")
        return [t.upper() for t in {*types["codes"].values(), *types["other_names"]}]
    signing = load_table("signing")
    if kind == "titles":
        return [*signing["titles"], *(f"PHÓ {t}" for t in signing["titles"])]
    if kind == "bodies":
        return list(signing["bodies"])
    if kind == "issuer_words":
        issuers = load_table("issuers")
        return [*issuers["level_starts"], *issuers["words"]]
    raise KeyError(kind)


@per_project(maxsize=None)
def phrases(kinds: tuple[str, ...]) -> tuple[Phrase, ...]:
    """The phrases of `kinds`, longest first."""
    found = {}
    for kind in kinds:
        for text in _sources(kind):
            found.setdefault(tuple(words(text)), Phrase(text, kind, tuple(words(text))))
    return tuple(sorted(found.values(), key=lambda p: (-len(p.words), -p.letters)))


@per_project(maxsize=None)
def _by_first(kinds: tuple[str, ...]) -> dict[str, tuple[Phrase, ...]]:
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases(kinds):
        index.setdefault(phrase.words[0], []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}


def _tolerance(length: int) -> int:
    return next(t for upto, t in _table()["word_tolerance"] if length <= upto)


@per_project(maxsize=65536)
def distance(a: str, b: str) -> int:
    """Levenshtein distance of two short words."""
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@per_project(maxsize=65536)
def candidates(kinds: tuple[str, ...], printed: str) -> tuple[Phrase, ...]:
    """Phrases that may start at the printed word: a word spelled with its marks as a
    syllable ("Còn", "Thực") starts only a phrase whose first word folds to it."""
    if has_marks(printed) and is_syllable(printed):
        return _by_first(kinds).get(key(printed), ())
    return _near(kinds, key(printed))


@per_project(maxsize=65536)
def _near(kinds: tuple[str, ...], word: str) -> tuple[Phrase, ...]:
    """Phrases of `kinds` whose first word is `word`, or within that word's tolerance for a
    phrase of several words (a word alone must be exact: "BAO" is not "BỘ")."""
    out = []
    for first, group in _by_first(kinds).items():
        bound = _tolerance(len(first))
        if first == word or abs(len(first) - len(word)) <= bound and distance(first, word) <= bound:
            out += [p for p in group if first == word or len(p.words) > 1]
    return tuple(out)


def _cost(printed: list[str], phrase: Phrase, share: float, slack: int = 0, raw: list[str] = (),
          marked: bool = False) -> int | None:
    """The edit distance of `printed` words from the phrase, None when out of bounds: each
    word within its tolerance (plus `slack`), the whole within `share` of its letters, and
    one word at least exact (with `slack`, a label alone before its colon need not be). A
    word of `raw` (the printed words) that spells a syllable differs from the phrase's in
    its marks only when it carries marks, or stands in a `marked` text (OCR kept the marks:
    a word without any is spelled so): "LÂM ĐỒNG" is a name, not "LAO ĐỘNG" misread, and
    "KHU CÔNG NGHIỆP" is no "THƯ CÔNG"."""
    total, exact = 0, False
    for k, (got, want) in enumerate(zip(printed, phrase.words)):
        bound = _tolerance(len(want)) + slack
        if abs(len(got) - len(want)) > bound:
            return None
        d = distance(got, want)
        if d > bound or d and raw and (marked or has_marks(raw[k])) and is_syllable(raw[k]):
            return None
        total, exact = total + d, exact or d == 0
    exact = exact or slack and len(printed) == 1
    if total == 0 or exact and total <= max(1, int(share * phrase.letters)):
        return total
    return None


def _best(candidates, printed: list[str], share: float, raw: list[str] = (), marked: bool = False) -> Phrase | None:
    """The candidate phrase that `printed` (from its first word on; `raw`: as printed, in a
    `marked` text or not) reads as: the longest, then the closest."""
    fits = [(len(p.words), -cost, p) for p in candidates if len(p.words) <= len(printed)
            and (cost := _cost(printed[:len(p.words)], p, share, raw=raw[:len(p.words)], marked=marked)) is not None]
    return max(fits, key=lambda f: f[:2])[2] if fits else None


def match(kinds: tuple[str, ...], text: str, share: float | None = None) -> Phrase | None:
    """The phrase of `kinds` that the whole of `text` reads as, or None."""
    printed = words(text)
    if not printed:
        return None
    share = _table()["phrase_share"] if share is None else share
    return _best([p for p in candidates(kinds, _TOKEN.search(text).group()) if len(p.words) == len(printed)],
                 printed, share)


@dataclass(frozen=True)
class Found:
    """A phrase found in a text: `text[start:end]` reads as `phrase`."""

    start: int
    end: int
    phrase: Phrase


@per_project(maxsize=8192)
def find(kinds: tuple[str, ...], text: str, share: float | None = None) -> tuple[Found, ...]:
    """Every phrase of `kinds` in `text`, leftmost and longest first, not overlapping (cached:
    header and signature lines recur from file to file)."""
    spans = [(m.start(), m.end(), key(m.group()), m.group()) for m in _TOKEN.finditer(text)]
    share = _table()["phrase_share"] if share is None else share
    found, i, marked = [], 0, has_marks(text)
    while i < len(spans):
        ahead = spans[i:i + 12]
        hit = _best(candidates(kinds, spans[i][3]), [s[2] for s in ahead], share, [s[3] for s in ahead], marked)
        if hit is None:
            i += 1
            continue
        found.append(Found(spans[i][0], spans[i + len(hit.words) - 1][1], hit))
        i += len(hit.words)
    return tuple(found)


@per_project(maxsize=1)
def _misreadings() -> dict[str, str]:
    """Words OCR prints with a wrong mark, and the word each stands for (issuers.yml, signing.yml)."""
    return {**load_table("issuers")["misreadings"], **load_table("signing")["ocr_misreadings"]}


def opens(kinds: tuple[str, ...], text: str) -> Found | None:
    """The phrase of `kinds` that `text` opens with, or None (cheap for most lines: only a
    first word near a phrase's first word is looked at further)."""
    first = _TOKEN.search(text[:24])
    if not first or first.start() > 2:
        return None
    near = candidates(kinds, first.group())
    if not near:
        return None
    spans = [m for _, m in zip(range(12), _TOKEN.finditer(text, first.start()))]
    hit = _best(near, [key(m.group()) for m in spans], _table()["phrase_share"], [m.group() for m in spans],
                has_marks(text[:spans[-1].end()]))
    return Found(spans[0].start(), spans[len(hit.words) - 1].end(), hit) if hit else None


@per_project(maxsize=1)
def _place_words() -> frozenset[str]:
    """Words before a place name ("tỉnh", "huyện"; casing.yml), keyed: such a word alone is
    restored in a line with marks too ("TINH BÌNH DƯƠNG"), the place name after it never."""
    return frozenset(key(w) for w in load_table("casing")["place_words"] if " " not in w)


def has_marks(text: str) -> bool:
    """True when `text` carries a Vietnamese mark or đ anywhere (OCR did not lose them all)."""
    return any(not c.isascii() for c in text if c.isalpha())


@per_project(maxsize=8192)
def restore(text: str, kinds: tuple[str, ...]) -> str:
    """`text` in capitals with each fixed phrase of `kinds` spelled as the vocabulary has it:
    a phrase of several words wherever it reads as one within the tolerance ("TONG GIAM
    BOC", "GIÁM ĐÓC"); a word alone only where it lost its marks and the whole text did too,
    or where it is a word before a place name ("TINH BÌNH DƯƠNG"); never a word of a name
    ("THANH" in "TỈNH THANH HÓA"). Words outside the vocabulary stay as printed."""
    out, last = [], 0
    unmarked_text = not has_marks(text)
    places = _place_words()
    for hit in find(kinds, text):
        printed = text[hit.start:hit.end]
        if not printed.isupper() or printed == hit.phrase.canonical:
            continue
        several = len(hit.phrase.words) > 1
        lost = not has_marks(printed) and has_marks(hit.phrase.canonical)
        if several or lost and (unmarked_text or hit.phrase.words[0] in places):
            out += [text[last:hit.start], hit.phrase.canonical.upper()]
            last = hit.end
    text = "".join(out) + text[last:] if out else text
    return _misread_pattern().sub(lambda m: _misreadings()[m.group()], text)


@per_project(maxsize=1)
def _misread_pattern() -> re.Pattern:
    """A misread word standing alone ("VIETNAM", "THUÊ"), never the second word of a place
    ("TĨNH" is TỈNH before a province, but Hà Tĩnh is a province)."""
    return re.compile(rf"(?<!\w)(?<!HÀ\s)(?:{'|'.join(map(re.escape, sorted(_misreadings(), key=len, reverse=True)))})(?!\w)")


def label(line: str) -> tuple[str, str] | None:
    """(canonical label, text after it) for a line opening with a label and its colon ("Kinh
    gui:", "Not nhận:", "S6:", "sé:", "Site gửi:"), or with "Số" before a digit ("Số 47-TB/ĐU");
    None otherwise. A label before its colon may stray further than other phrases: one word
    of it must be exact, the whole within `label_share` of its letters, and each word as long
    as the label's within a letter (not a piece of a label the scraper broke: "nh gửi:")."""
    m = _LABEL_HEAD.match(line)
    if not m:
        return None
    head, colon = m["head"], m["colon"]
    printed = words(head)
    if not printed or len(printed) > 2 or not colon and not (printed == ["so"] and m["digit"]):
        return None
    for phrase in phrases(("labels",)):
        if len(phrase.words) == len(printed) and all(abs(len(a) - len(b)) <= 1 for a, b in zip(printed, phrase.words)) \
                and _cost(printed, phrase, _table()["label_share"], slack=len(printed) + 1) is not None:
            return phrase.canonical, line[m.end("colon"):].strip()
    return None


_LABEL_HEAD = re.compile(r"^\s*(?P<head>[^\W\d_][\w]{0,5}(?:\s*[/|]\s*[^\W\d_]|\s+[^\W\d_]{2,5})?)"
                         r"\s*(?P<colon>:?)\s*(?P<digit>\d?)")
