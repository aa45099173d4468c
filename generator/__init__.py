"""dispatch-archive: raw scraped Vietnamese dispatches in, a searchable MkDocs archive out."""

__version__ = "0.1.0"
