"""Stage 1, resources: the data files that hold the project's knowledge (languages, lexicons,
taxonomy, annotations, cases) and the one loader, wildcard compiler and cache they share."""
