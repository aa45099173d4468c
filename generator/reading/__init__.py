"""Reading: one raw file in, its `DispatchMeta` and `Body` out (runs in worker processes,
cached by hash).

`ingest` finds, checks and decodes the files; then `convert.STEPS`, in that order:
`unwrap` takes out what crawlers, converters and PDF extractors put around or into the
text; `repair` decides every line break; `parse` reads the Nghị định 30 components, with
`header` (the header's grammar), `signature` (signature blocks), `structure` (body blocks)
and `references` (cited documents); `tasks` reads the directives. `convert` drives them
over many files in parallel and hands the build the records; generator.cache keeps the
results by content hash, and its `BodyStore` gives the later stages each body back.
"""
