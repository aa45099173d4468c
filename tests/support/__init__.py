"""Test support, used by the tests and the benchmarks: `corpus` writes synthetic raw
dispatches in the seeds' scraped layout, `damage` simulates the line-break damage of
scraped text on real paragraphs."""
