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


def show(fig, name: str | None = None, save_to: str | Path | None = None, dpi: int = 100):
    """A figure for a notebook: an embedded PNG (``IPython.display.Image``, shown inline and stored in
    the notebook, so that it shows anywhere), the figure closed. Files are written only when asked:
    with ``save_to`` (a folder) and a ``name``, also as ``<name>.png/.pdf/.svg`` there."""
    import io

    import matplotlib.pyplot as plt
    from IPython.display import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    if save_to is not None:
        if not name:
            raise ValueError("a figure saved to a folder needs a name")
        save_figure(fig, name, Path(save_to))
    plt.close(fig)
    return Image(data=buffer.getvalue(), format="png")


def error_bars(ax, positions, frame, measure: str, horizontal: bool = False, color: str = "black") -> None:
    """Error bars from ``<measure>_ci_low`` to ``<measure>_ci_high`` of ``frame`` at ``positions``
    (one per row; rows without an interval are skipped)."""
    import numpy as np

    value = np.asarray(frame[measure], dtype=float)
    low = np.clip(value - np.asarray(frame[f"{measure}_ci_low"], dtype=float), 0, None)
    high = np.clip(np.asarray(frame[f"{measure}_ci_high"], dtype=float) - value, 0, None)
    where = {"xerr" if horizontal else "yerr": np.vstack([low, high])}
    x, y = (value, positions) if horizontal else (positions, value)
    ax.errorbar(x, y, fmt="none", ecolor=color, elinewidth=0.8, capsize=2, zorder=5, **where)


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
