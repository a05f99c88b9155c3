"""One figure style for notebooks and the report, and deterministic export (PNG 300 dpi, PDF, SVG).

Same inputs give byte-identical files: no creation dates in PDF/SVG metadata, a fixed SVG
hash salt, and the bundled DejaVu Sans font (it has Cyrillic, so Bulgarian phrases render
without missing-glyph boxes).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis import atomic, paths

# The colours of the speech acts are data: data/taxonomy/acts.csv (analysis.resources.acts).
# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
FORMATS = ("png", "pdf", "svg")
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "svg.hashsalt": "ep-resolutions-analysis",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": True,
}


def use_style() -> None:
    """Apply the project style to matplotlib (call before drawing)."""
    import matplotlib

    matplotlib.rcParams.update(STYLE)
    matplotlib.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=PALETTE)


def new_figure(width: float = 6.5, height: float = 3.5):
    """A styled figure and axes, sized in inches for a journal column or page."""
    import matplotlib.pyplot as plt

    use_style()
    return plt.subplots(figsize=(width, height))


def save_figure(fig, name: str, directory: Path | None = None, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write ``fig`` as ``<name>.<fmt>`` for each format, atomically and reproducibly; return the paths."""
    import matplotlib.pyplot as plt

    directory = Path(directory) if directory else paths.figures_dir()
    written = []
    for fmt in formats:
        target = directory / f"{name}.{fmt}"
        metadata = {"png": {"Software": None}, "pdf": {"CreationDate": None, "ModDate": None, "Producer": None,
                                                       "Creator": None},
                    "svg": {"Date": None, "Creator": None}}[fmt]
        with atomic.atomic_open(target, "wb") as handle:
            fig.savefig(handle, format=fmt, metadata=metadata)
        written.append(target)
    plt.close(fig)
    return written
