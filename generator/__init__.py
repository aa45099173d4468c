"""dispatch-archive: raw Vietnamese official dispatches in, a searchable MkDocs archive out.

The stages, each a folder whose `__init__` says what it takes and gives, in the order a
build runs them (a module imports only from its own stage or an earlier one):

- `language/`: Vietnamese syllables, lexicon, casing, folding, dates, the unit registry;
- `reading/`: raw file → `Dispatch` (ingest, unwrap, repair, parse, tasks), in parallel, cached,
  handed on as a `DispatchMeta` held by the build and a `Body` kept in the parse cache;
- `pages/`: ids and URLs, cross-references, the Markdown of every page;
- `publishing/`: the staged docs tree, MkDocs, the pinned build date;
- `search/`: the sharded index and the terminal search;
- `bundle/`: the auditors' zip and its verification.

Shared by all: `model` (the records), `tables` (site_config/ data), `errors`, `report` (what
became of every input file), `progress`. `pipeline.run` calls the stages in order; `cli` is
the command line.
"""

__version__ = "0.1.0"

PROJECT_ENV = "DISPATCH_ARCHIVE_PROJECT"
"""Names the project folder (tables.find_project) when no `dispatch-archive --project DIR` is given."""
