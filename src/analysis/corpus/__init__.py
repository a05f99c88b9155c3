"""Stage 2, corpus: the registry, document ids, fetching with provenance, reading files and parsing
them into units. See ``docs/architecture.md``."""
