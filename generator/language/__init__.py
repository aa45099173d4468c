"""Language: what the reader knows of written Vietnamese and of the agency's units.

Takes words and names; gives judgements and spellings: the syllable grammar (`syllable`),
the lexicon of tokens written unbroken and the cheapest reading of broken fragments as
words (`lexicon`), casing of titles and names (`casing`), folding for slugs, search and
comparison (`folding`), dates as Vietnamese writes them (`dates`), the registry of units
and their spellings (`units`). Used by every later stage; imports none of them.
"""
