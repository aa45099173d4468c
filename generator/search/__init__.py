"""Search: lunr's index of every dispatch, in term shards the browser and the terminal load
as a query needs them.

`terms` holds the text rules (tokens, folded and exact forms, lunr's field scoring) and the
file encodings; `index` writes site/search/ from the dispatches; `engine` is the lunr side
(pipeline functions registered with lunr.py, the small lunr index a query assembles);
`query` says what a query means and answers it; `results` makes what a result shows.
"""
