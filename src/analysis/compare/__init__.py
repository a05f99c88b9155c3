"""Stage 5, compare: tables across resolutions (structure, strength, addressees, themes, reuse)."""
