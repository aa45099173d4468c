"""The unit registry: one canonical name for every spelling of a unit.

Names are compared as word keys: abbreviations expanded (site_config/units.yml), folded
(generator/folding.py), punctuation and the plural "các"/"những" dropped, an office title
("Giám đốc", "Thủ trưởng" …) dropped from the start. "Giám đốc BHXH các tỉnh, TP" and
"Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương" are then one unit.

Every stage asks the registry, never folds a unit name itself: `addressees` matches a
dispatch's Kính gửi and Nơi nhận entries (unit pages, search facets, links), `lookup` a
name, short name or code someone types (`search --unit`), `code_name` a drafting-unit
code. Besides whole entries, the registry finds the units a sentence asks to act: those
named as its subject (`assignees`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from generator.language.folding import fold, slugify
from generator.model import DispatchMeta
from generator.tables import load_table, per_project

TOKEN = re.compile(r"\w+|[^\w\s]")
_fold_word = lru_cache(maxsize=1 << 16)(fold)
"""fold() of single tokens, which repeat across sentences."""
PLURALS = {"cac", "nhung"}
SHARED_KIND = re.compile(r"^(?:Các|Những)\s+(?P<kind>[^:,;]+?)\s*:\s*(?P<names>.+)$")
"""An entry naming several units of one kind: "Các Bộ: Tài chính, Y tế"."""
SOFT_PUNCTUATION = {",", "-", "–"}
"""Punctuation a name may contain ("tỉnh, thành phố", "Tài chính - Kế toán")."""
LIST_JOINERS = {"va"}
REQUEST_VERBS = (("yeu", "cau"), ("de", "nghi"), ("giao", "cho"), ("giao",))
"""Words after which the units named are the ones asked to act."""
REQUESTER_VERBS = REQUEST_VERBS + (("chi", "dao"), ("phat", "dong"))
"""A unit followed by these asks, it is not asked."""


@dataclass(frozen=True)
class Unit:
    """A registered unit."""

    name: str
    short: str
    codes: tuple[str, ...] = ()
    """The drafting-unit codes of the symbols it drafts ("VP" in 381/BHXH-VP)."""

    @property
    def slug(self) -> str:
        return slugify(self.short or self.name)


@dataclass(frozen=True)
class Addressees:
    """The registered units one dispatch is sent to, by its Kính gửi and Nơi nhận entries."""

    recipients: tuple[Unit, ...]
    """The units its Kính gửi entries name, in order."""
    distribution: dict[Unit, str]
    """The units its Nơi nhận entries name that Kính gửi does not: the purpose of the copy
    ("để báo cáo"; the last entry's when a unit is named twice)."""
    unmatched: tuple[tuple[str, str], ...]
    """(entry as written, "Kính gửi" or "Nơi nhận") of the entries that name no unit
    (a Nơi nhận entry that names none by convention, "Như trên", is left out)."""
    links: tuple[tuple[str, Unit], ...]
    """(entry as written, unit) of the entries that name exactly one unit."""


@dataclass(frozen=True)
class Word:
    """A folded word of a text and whether strong punctuation (";", ".", ":" …) precedes it."""

    text: str
    hard_break_before: bool


def _expand(text: str, abbreviations: dict[str, str]) -> list[str]:
    """Tokens of `text` with abbreviations expanded, folded."""
    tokens = []
    for token in TOKEN.findall(unicodedata.normalize("NFC", text)):
        if token in abbreviations:
            tokens.extend(TOKEN.findall(abbreviations[token]))
        else:
            tokens.append(token)  # a token of TOKEN is its own only token
    return [_fold_word(t) for t in tokens]


def _words(text: str, abbreviations: dict[str, str]) -> list[Word]:
    words, hard = [], False
    for token in _expand(text, abbreviations):
        if token[0].isalnum() or token[0] == "_":
            if token not in PLURALS:
                words.append(Word(token, hard))
                hard = False
        elif token not in SOFT_PUNCTUATION:
            hard = True
    return words


def _ends_with(words: list[Word], end: int, phrase: tuple[str, ...]) -> bool:
    start = end - len(phrase)
    return start >= 0 and tuple(w.text for w in words[start:end]) == phrase


def _starts_with(words: list[Word], start: int, phrase: tuple[str, ...]) -> bool:
    return tuple(w.text for w in words[start:start + len(phrase)]) == phrase


class Registry:
    """Canonical units and the word keys of all their spellings."""

    def __init__(self, table: dict):
        self.abbreviations: dict[str, str] = table["abbreviations"]
        self._keys: dict[str, tuple[str, ...]] = {}
        self.titles = sorted(
            (tuple(w.text for w in _words(t, self.abbreviations)) for t in table["titles"]),
            key=len, reverse=True,
        )
        self.not_units = {self.key(name) for name in table.get("not_units", ())}
        self.units: list[Unit] = []
        self._by_key: dict[tuple[str, ...], Unit] = {}
        self._by_code: dict[str, Unit] = {}
        for entry in table["units"]:
            codes = entry.get("code", ())
            unit = Unit(entry["name"], entry.get("short", ""), (codes,) if isinstance(codes, str) else tuple(codes))
            self.units.append(unit)
            self._by_code.update(dict.fromkeys(unit.codes, unit))
            for spelling in (entry["name"], *entry.get("aliases", ())):
                self._by_key[self.key(spelling)] = unit
        # Besides names and aliases, what a person may type for a unit: its short name, its code.
        self._by_short = {self.key(u.short): u for u in self.units if u.short}
        self._by_folded_code = {fold(code): u for u in self.units for code in u.codes}
        self._spaceless = {"".join(key) for key in self._by_key}
        self.ends = tuple(fold(e).replace(" ", "") for e in table["addressee_ends"])
        self._longest = max(map(len, self._by_key))
        self._first_words = {key[0] for key in self._by_key if key}

    def _strip_title(self, words: tuple[str, ...]) -> tuple[str, ...]:
        for title in self.titles:
            if words[:len(title)] == title and len(words) > len(title):
                return words[len(title):]
        return words

    def key(self, name: str) -> tuple[str, ...]:
        """The comparison key of a name: expanded, folded words without title or plurals.
        Kept per name: the indexes look up every dispatch's recipients, mostly the same few."""
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = self._strip_title(tuple(w.text for w in _words(name, self.abbreviations)))
        return key

    def find(self, name: str) -> Unit | None:
        """The unit a whole name stands for, or None."""
        return self._by_key.get(self.key(name))

    def is_whole_name(self, text: str) -> bool:
        """True when `text` names an addressee that needs no more words: a registered unit,
        whatever spaces a scraper put inside its words ("Bộ Y t ế"), or a name ending as
        names of bodies end ("… Trung ương", "… Việt Nam": `addressee_ends` in units.yml)."""
        text = text.strip(" .;,")
        return fold(text).replace(" ", "").endswith(self.ends) or "".join(self.key(text)) in self._spaceless

    def is_unit_entry(self, entry: str) -> bool:
        """False for entries that name no unit by convention ("Như trên")."""
        return self.key(entry) not in self.not_units

    def by_code(self, code: str) -> Unit | None:
        """The unit whose drafting-unit code is `code`, or None."""
        return self._by_code.get(code)

    def code_name(self, code: str) -> str:
        """The registered name of a drafting-unit code ("VP" → "Văn phòng Bảo hiểm xã hội
        Việt Nam"); "" when no unit has it."""
        unit = self._by_code.get(code) if code else None
        return unit.name if unit else ""

    def lookup(self, typed: str) -> Unit | None:
        """The unit a person means by `typed`: any registered spelling, with or without marks
        and in any case, of its name, an alias, its short name or its code ("Văn phòng",
        "van phong", "VP", "vp", "TĐKT", "TDKT"); None when it is none of them. Entries of
        dispatches are matched more strictly (`match`): there a short name or code may be
        another body's."""
        for key in self._typed_keys(typed):
            unit = self._by_key.get(key) or self._by_short.get(key)
            if unit:
                return unit
        return self._by_folded_code.get(fold(typed.strip()))

    def _typed_keys(self, typed: str) -> Iterator[tuple[str, ...]]:
        """Keys of a typed name: as `key` makes them; with abbreviations expanded however
        typed ("bhxh tỉnh", "ban tdkt"); with none expanded ("ĐẦU TƯ" is not "đầu Trung ương")."""
        folded = {fold(a): whole for a, whole in self.abbreviations.items()}
        for text, abbreviations in ((typed, self.abbreviations), (fold(typed), folded), (typed, {})):
            yield self._strip_title(tuple(w.text for w in _words(text, abbreviations)))

    def addressees(self, d: DispatchMeta) -> Addressees:
        """The units `d`'s Kính gửi (`recipients`) and Nơi nhận (`distribution`) entries
        name, each entry matched by `match`."""
        recipients, distribution, unmatched, links = {}, {}, [], []
        for entry in d.recipients:
            units = self.match(entry)
            recipients.update(dict.fromkeys(units))
            unmatched += [] if units else [(entry, "Kính gửi")]
            links += [(entry, units[0])] if len(units) == 1 else []
        for addressee in d.distribution:
            units = self.match(addressee.name)
            distribution.update((unit, addressee.purpose) for unit in units if unit not in recipients)
            unmatched += [] if units or not self.is_unit_entry(addressee.name) else [(addressee.name, "Nơi nhận")]
            links += [(addressee.name, units[0])] if len(units) == 1 else []
        return Addressees(tuple(recipients), distribution, tuple(unmatched), tuple(links))

    def entry_names(self, entries: tuple[str, ...]) -> tuple[str, ...]:
        """The names of the units `entries` name, an entry that names none as written, once each."""
        return tuple(dict.fromkeys(name for e in entries for name in ([u.name for u in self.match(e)] or [e])))

    @lru_cache(maxsize=1 << 14)  # noqa: B019 - registries live as long as the build; entries repeat across dispatches
    def match(self, entry: str) -> tuple[Unit, ...]:
        """The units of a Kính gửi / Nơi nhận entry: the whole entry, or each of its
        comma- or semicolon-separated parts when every part is a unit ("Các Bộ: Tài chính,
        Y tế" puts the kind before each part: "Bộ Tài chính", "Bộ Y tế"); () when unmatched."""
        unit = self.find(entry)
        if unit:
            return (unit,)
        shared = SHARED_KIND.match(entry)
        kind, names = (shared["kind"] + " ", shared["names"]) if shared else ("", entry)
        parts = [kind + p.strip() for p in re.split(r"[,;]", names) if p.strip()]
        units = [self.find(p) for p in parts]
        if (len(parts) > 1 or shared) and all(units):
            return tuple(dict.fromkeys(units))
        return ()

    def _mentions(self, words: list[Word]) -> list[tuple[int, int, Unit]]:
        """Leftmost-longest unit names in a word list, as (start, end, unit)."""
        texts = [w.text for w in words]
        found, i = [], 0
        while i < len(words):
            if texts[i] not in self._first_words:
                i += 1
                continue
            # A name never spans strong punctuation: stop before the next hard break.
            longest = min(self._longest, len(words) - i)
            longest = next((n for n in range(1, longest) if words[i + n].hard_break_before), longest)
            for n in range(longest, 0, -1):
                unit = self._by_key.get(tuple(texts[i:i + n]))
                if unit:
                    found.append((i, i + n, unit))
                    i += n
                    break
            else:
                i += 1
        return found

    def _is_link(self, words: list[Word], start: int, end: int) -> bool:
        """Only list joiners and titles between two mentions, no strong punctuation."""
        between = [w.text for w in words[start:end]]
        if any(w.hard_break_before for w in words[start:end + 1]):
            return False
        i = 0
        while i < len(between):
            title = next((t for t in self.titles if tuple(between[i:i + len(t)]) == t), None)
            if title:
                i += len(title)
            elif between[i] in LIST_JOINERS:
                i += 1
            else:
                return False
        return True

    def assignees(self, text: str) -> tuple[Unit, ...]:
        """Units a sentence asks to act: named at its start, after an office title or
        after "yêu cầu"/"đề nghị"/"giao", and the units listed right after those."""
        words = _words(text, self.abbreviations)
        chosen: list[Unit] = []
        previous_end = None
        for start, end, unit in self._mentions(words):
            if any(_starts_with(words, end, verb) for verb in REQUESTER_VERBS):
                previous_end = None
                continue
            subject = (
                start == 0
                or any(_ends_with(words, start, title) for title in self.titles)
                or any(_ends_with(words, start, verb) for verb in REQUEST_VERBS)
                or (previous_end is not None and self._is_link(words, previous_end, start))
            )
            if subject:
                chosen.append(unit)
                previous_end = end
            else:
                previous_end = None
        return tuple(dict.fromkeys(chosen))


@per_project()
def registry() -> Registry:
    """The registry of site_config/units.yml, made once per project."""
    return Registry(load_table("units"))
