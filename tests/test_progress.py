"""One rule for progress bars: shown with --progress, hidden with --no-progress, else on a terminal only."""

from __future__ import annotations

from analysis.progress import progress_bar


def test_progress_bar_follows_the_commands_choice(capsys):
    with progress_bar(range(3), progress=True, desc="synthetic") as bar:
        assert not bar.disable and list(bar) == [0, 1, 2]
    assert "synthetic" in capsys.readouterr().err  # drawn on standard error, nothing on standard output
    with progress_bar(total=2, progress=False) as bar:
        assert bar.disable
    # neither given: only on a terminal; pytest's captured standard error is none
    with progress_bar(total=2) as bar:
        assert bar.disable
    assert capsys.readouterr() == ("", "")
