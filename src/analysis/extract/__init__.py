"""Stage 4, extract: facts read off the texts beside the classification (people named, resolutions cited),
and the chronological order of resolutions that they and the comparisons share."""
