"""Search: the sharded index the browser and the terminal search, and the terminal search.

`index` writes the term shards, the per-dispatch result files and the filter choices
under site/search/; `query` answers a query over them with the browser's ranking.
"""
