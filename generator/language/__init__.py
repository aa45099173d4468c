"""Language: what the reader knows of written Vietnamese and of the agency's units.

Takes words and names; gives judgements and spellings: the syllable grammar (`syllable`),
the lexicon of tokens written unbroken (`lexicon`), casing of titles and names
(`casing`), folding for slugs, search and comparison (`folding`), the registry of units
and its spellings (`units`). Used by every later stage; imports none of them.
"""
