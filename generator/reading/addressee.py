"""Where the addressee after "Kính gửi:" (or "… ĐIỆN:") ends and the body begins.

Used by repair's line-break decision. An addressee (Nghị định 30's "nơi nhận" named after
"Kính gửi") is a name: an organisation or a title with its organisation, written in
capitals word by word ("Công ty Cổ phần Dịch vụ Bưu chính Viettel") apart from a few
tails ("các tỉnh, thành phố"). The body opens with a sentence: a Vietnamese word in
capitals followed by a run of words in lower case ("Kiểm tra việc giải quyết …"). Raw
lines may break inside words ("Ki\\nể\\nm tra"), so words are rejoined before they are
judged. Tables: site_config/layout.yml (label, open words, body openers, lengths).
"""

from __future__ import annotations

import dataclasses
import re

from generator.language.lexicon import core
from generator.language.syllable import is_syllable
from generator.language.units import registry
from generator.reading import header
from generator.reading.structure import ENDS_FINAL
from generator.tables import load_table, per_project

_FIRST_WORD = re.compile(r"^[\"“(‘]*(?P<word>\w+)")
_EDGE = re.compile(r"^\W+|\W+$")
SENTENCE_WINDOW = 5
"""Words after the first one that tell a sentence from the rest of a name."""
SENTENCE_LOWER = 3
"""Of those, how many in lower case make a sentence: a name has at most two in a row
("Dịch vụ Bưu chính", "Thành phố Hà Nội")."""


@dataclasses.dataclass(frozen=True)
class _Table:
    """The layout table's entries about addressees: lengths in characters."""

    label: re.Pattern
    open_words: frozenset[str]
    body_openers: tuple[str, ...]
    short_run: int
    short_next: int


@per_project()
def _table() -> _Table:
    layout = load_table("layout")
    return _Table(re.compile(layout["addressee_label"]), frozenset(layout["addressee_open_words"]),
                  tuple(opener.replace(" ", "") for opener in layout["body_openers"]),
                  layout["short_logical_line"], layout["short_next_line"])


def is_label(text: str) -> bool:
    """A block opening with "Kính gửi:" (or "… ĐIỆN:"), OCR's readings of the label included."""
    return bool(_table().label.match(text.replace(" ", ""))) or header.label_of(text) == "Kính gửi"


def named_on_label_line(text: str) -> bool:
    """True when a "Kính gửi:" block already names an addressee that is not a dash entry
    ("Kính gửi: Sở Lao động", not "Kính gửi: - Các Liên đoàn" nor "Kính gửi:")."""
    label = _table().label.match(text.replace(" ", ""))
    rest = label["rest"] if label else ""
    return bool(rest) and rest[:1] not in "-–~+"


def ends(block_text: str, after_label: bool, ahead: list[str], usually_lower) -> bool:
    """True when the addressee being read (`block_text`, on the label's line or, when
    `after_label`, on the line after it) ends before the raw lines `ahead`: it has a name
    that needs no more words ("Bộ Y tế", not "Tổng"), and what follows opens a sentence —
    a phrase bodies open with, a whole sentence on its line, a capitalised word followed by
    words in lower case, or a word this file otherwise writes in lower case
    (`usually_lower(word)`). Raises nothing; `ahead` holds at least one line."""
    if len(block_text) >= _table().short_run:
        return False  # most blocks: a paragraph, told before any other test
    label = _table().label.match(block_text.replace(" ", ""))
    named = after_label or label and label["rest"]
    words = block_text.split()
    if not named or core(words[-1]) in _table().open_words:
        return False
    word = first_word(ahead)
    if not (word[:1].isupper() and word[1:].islower()):
        return False
    addressee = block_text.split(":", 1)[1] if label else block_text
    return (_opens_body(ahead) or _is_sentence(ahead[0]) or _starts_sentence(ahead)
            or registry().is_whole_name(addressee) or usually_lower(word))


def first_word(ahead: list[str]) -> str:
    """The first word of the raw lines `ahead`, rejoined when the scraper broke it ("Đ", "ối với")."""
    match = _FIRST_WORD.match(ahead[0])
    word = match.group("word") if match else ""
    for line in ahead[1:]:
        if is_syllable(word) or len(ahead[0].split()) > 1:
            break
        word += _FIRST_WORD.match(line).group("word") if _FIRST_WORD.match(line) else ""
    return word


def _opens_body(ahead: list[str]) -> bool:
    """True when the raw lines `ahead` start with a phrase a dispatch body opens with,
    read without spaces: the scraper breaks words too ("Nh\\nằ\\nm triển khai")."""
    return "".join(ahead).replace(" ", "")[:12].startswith(_table().body_openers)


def _is_sentence(line: str) -> bool:
    """A raw line that is a whole sentence: long, ending with its final punctuation."""
    return len(line) >= _table().short_next and bool(ENDS_FINAL.search(line))


def _starts_sentence(ahead: list[str]) -> bool:
    """True when the raw lines `ahead` open with a Vietnamese word in capitals followed by
    words mostly in lower case: at least SENTENCE_LOWER of the next SENTENCE_WINDOW, and
    more than those in capitals ("Kiểm tra việc giải quyết", "Ủy ban nhân dân tỉnh giao").
    A foreign or abbreviated name ("Viettel", "ABC") never opens one. The words are read
    to the first final punctuation, and past a line's end only into a line that goes on in
    lower case (a wrap: "Thanh toá" / "n chi phí"), not into one starting a new block
    ("Việt Nam" / "Triển khai …" is the end of a name, then the body)."""
    word = first_word(ahead)
    if not is_syllable(word):
        return False
    rest = _words_after(ahead, word)
    lower = sum(t[:1].islower() for t in rest)
    return lower >= SENTENCE_LOWER and lower > sum(t[:1].isupper() for t in rest)


def _words_after(ahead: list[str], word: str) -> list[str]:
    """Up to SENTENCE_WINDOW words after `word` (rejoined from its pieces at the start of
    `ahead`), within the first sentence and the lines that continue it in lower case."""
    seen, rest = "", []
    for n, line in enumerate(ahead):
        if n and seen == word and not line[:1].islower():
            break
        for token in line.split():
            if seen != word:
                seen += _EDGE.sub("", token)
                continue
            rest.append(_EDGE.sub("", token))
            if len(rest) == SENTENCE_WINDOW or ENDS_FINAL.search(token):
                return rest
    return rest
