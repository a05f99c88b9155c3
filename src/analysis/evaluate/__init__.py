"""Stage 6, evaluate: scores of the classifiers against hand-coded annotations."""
