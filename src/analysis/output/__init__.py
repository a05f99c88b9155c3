"""Stage 7, output: figure style, figures, paper tables and the report job that writes them."""
