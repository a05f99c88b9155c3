"""Stage 3, classify: verb phrases (strength, act, addressees) and themes of operative paragraphs."""
