"""What the report trusts: raw files against their provenance records, tables without duplicate keys,
and an output set described by its manifests (the kills are in test_kill.py)."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from conftest import FIXTURES, REPO, copy_with_records, run_cli

from analysis.cli import main as cli_main
from analysis.corpus import documents as corpus, provenance
from analysis.corpus.registry import load_registry
from analysis.errors import InputError
from analysis.output import outputs
from analysis.output.tables import DuplicateKeyError, check_keys, write_tables

SYNTHETIC = FIXTURES / "synthetic_corpus"


def _data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "processed"))
    shutil.copy(SYNTHETIC / "registry.csv", data / "registry.csv")
    copy_with_records(sorted(SYNTHETIC.glob("synthetic_*.txt")), data / "raw")
    return data


# --- provenance --------------------------------------------------------------------------------


def test_report_refuses_a_file_that_does_not_match_its_record(tmp_path):
    data = _data(tmp_path)
    tampered = data / "raw" / "synthetic_2098_EN.txt"
    tampered.write_bytes(tampered.read_bytes().replace(b"Urges", b"Asks", 1))
    result = run_cli("report", "--tables", str(tmp_path / "t"), "--figures", str(tmp_path / "f"),
                     env={"ANALYSIS_DATA_DIR": str(data)})
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"analysis report: error: {tampered}: its bytes do not match the SHA-256")
    assert "re-fetch it (python -m analysis fetch --force --only synthetic_2098 --lang en)" in result.stderr
    assert "or restore the original file" in result.stderr
    assert not (tmp_path / "t").exists() and not (tmp_path / "f").exists()


def test_the_shipped_text_matches_its_record():
    available = corpus.availability()
    assert available.loc[available["file"] != "", ["file", "status"]].values.tolist() == [
        ["TA-9-2021-0056_BG.txt", "compared"]]


def test_files_the_registry_does_not_vouch_for_are_listed_not_compared(tmp_path):
    """By hand: 2097 and 2099 are compared; a motion (RC) and a text of another reference are not;
    a file whose name says 2097 but holds 2099's text is not what its name says."""
    data = _data(tmp_path)
    raw = data / "raw"
    (raw / "synthetic_2098_EN.txt").unlink()
    (raw / "synthetic_2098_EN.txt.provenance.json").unlink()
    copy_with_records([FIXTURES / "synthetic_motion_RC_EN.txt", FIXTURES / "synthetic_resolution_EN.html"], raw)
    renamed = raw / "TA-9-2097-0001_BG.txt"  # the DOCEO id of 2097, the text of 2099
    renamed.write_bytes((SYNTHETIC / "synthetic_2099_BG.txt").read_bytes())
    provenance.write_record(renamed, {"sha256": provenance.sha256_file(renamed)})
    screening = corpus.screen([raw], load_registry(data / "registry.csv"), ["bg", "en"])
    table = screening.availability
    rows = dict(zip(table["file"], table["status"]))
    assert rows == {"": "missing", "synthetic_2097_BG.txt": "compared", "synthetic_2099_BG.txt": "compared",
                    "TA-9-2097-0001_BG.txt": "name_mismatch", "synthetic_motion_RC_EN.txt": "other_kind",
                    "synthetic_resolution_EN.html": "not_in_registry"}
    # 2096 and 2098 have no file: two "missing" rows; the misnamed file sits under 2099, its own reference
    assert list(table["status"]).count("missing") == 2
    assert table.loc[table["file"] == "TA-9-2097-0001_BG.txt", "year"].item() == 2099
    assert [d.metadata["document"] for d in screening.documents] == ["synthetic_2097_BG", "synthetic_2099_BG"]
    assert not table.duplicated(["doceo_id", "file"]).any()


def test_an_unrecorded_file_is_never_parsed(tmp_path):
    """A file without a record is listed as such, even one that is no resolution at all."""
    (tmp_path / "synthetic_junk_BG.txt").write_bytes(b"\x00\x01 synthetic bytes")
    table = corpus.availability(load_registry(SYNTHETIC / "registry.csv"), [tmp_path])
    assert table.loc[table["file"] != "", ["file", "status"]].values.tolist() == [["synthetic_junk_BG.txt", "no_record"]]


def test_a_tampered_file_is_an_error_for_the_notebooks_loader_too(tmp_path):
    raw = copy_with_records([SYNTHETIC / "synthetic_2097_BG.txt"], tmp_path / "raw")
    (raw / "synthetic_2097_BG.txt").write_text("synthetic edit", encoding="utf-8")
    with pytest.raises(InputError, match="do not match the SHA-256 of its provenance record"):
        corpus.load_for_comparison([raw], registry=load_registry(SYNTHETIC / "registry.csv"))


# --- duplicate keys ----------------------------------------------------------------------------


def test_a_duplicate_paragraph_key_is_never_written(tmp_path):
    paragraphs = pd.DataFrame({"document": ["synthetic_a", "synthetic_a"], "number": ["5", "5"], "act": ["x", "y"]})
    units = pd.DataFrame({"document": ["synthetic_a"], "position": [0]})
    with pytest.raises(DuplicateKeyError, match=r"paragraphs: 2 rows share a key \(document, number\), "
                                                r"e.g. \('synthetic_a', '5'\)"):
        write_tables({"units": units, "paragraphs": paragraphs}, tmp_path / "tables")
    assert not (tmp_path / "tables").exists()  # not even the table before it
    check_keys({"paragraphs": paragraphs.assign(number=["5", "6"])})  # distinct keys pass


def test_report_stops_with_an_internal_error_on_a_duplicate_key(tmp_path, monkeypatch, capsys):
    from analysis.output import report

    monkeypatch.delenv("ANALYSIS_DEBUG", raising=False)
    doubled = pd.DataFrame({"document": ["synthetic_a", "synthetic_a"], "number": ["5", "5"]})
    monkeypatch.setattr(report, "build_tables", lambda *args, **kwargs: ({"paragraphs": doubled}, ""))
    status = cli_main(["report", "--tables", str(tmp_path / "t"), "--figures", str(tmp_path / "f")])
    err = capsys.readouterr().err
    assert status == 3 and err.count("\n") == 1 and "DuplicateKeyError: table paragraphs" in err
    assert not (tmp_path / "t").exists() and not (tmp_path / "f").exists()


# --- manifests ---------------------------------------------------------------------------------


def _publish(folders, contents: dict[str, dict[str, str]], inputs=None) -> str:
    outputs.clean(*folders.values())
    for role, files in contents.items():
        for name, text in files.items():
            (outputs.staging(folders[role]) / name).write_text(text, encoding="utf-8")
    return outputs.publish(folders, inputs or {"data/x": "0"}, {"themes": "none"})


def test_manifests_name_one_run_and_describe_the_set(tmp_path):
    folders = {"tables": tmp_path / "t", "figures": tmp_path / "f"}
    run = _publish(folders, {"tables": {"a.csv": "synthetic a", "b.csv": "synthetic b"}, "figures": {"c.png": "c"}})
    manifest = outputs.read_manifest(folders["tables"])
    assert manifest["run"] == run == outputs.read_manifest(folders["figures"])["run"]
    assert sorted(manifest["files"]) == ["a.csv", "b.csv"] and manifest["inputs"] == {"data/x": "0"}
    assert "time" not in json.dumps(manifest) and outputs.check(folders) == []
    text = (folders["tables"] / "manifest.json").read_bytes()
    assert _publish(folders, {"tables": {"a.csv": "synthetic a", "b.csv": "synthetic b"},
                              "figures": {"c.png": "c"}}) == run
    assert (folders["tables"] / "manifest.json").read_bytes() == text  # same inputs, same bytes
    # The next set lacks b.csv: it is removed. Other files in the folders (notebook figures) stay.
    (folders["figures"] / "01_notebook.png").write_text("synthetic", encoding="utf-8")
    other = _publish(folders, {"tables": {"a.csv": "synthetic a2"}, "figures": {"c.png": "c"}})
    assert other != run and sorted(p.name for p in folders["tables"].iterdir()) == ["a.csv", "manifest.json"]
    assert (folders["figures"] / "01_notebook.png").exists()
    (folders["figures"] / "c.png").write_text("synthetic edit", encoding="utf-8")
    assert outputs.check(folders) == [f"{folders['figures'] / 'c.png'}: not the file of run {other}"]


def test_the_committed_outputs_are_one_whole_set():
    folders = {"tables": REPO / "data" / "processed", "figures": REPO / "figures"}
    assert outputs.check(folders) == []
    inputs = outputs.read_manifest(folders["tables"])["inputs"]
    assert inputs["data/raw/TA-9-2021-0056_BG.txt"] == json.loads(
        (REPO / "data" / "raw" / "TA-9-2021-0056_BG.txt.provenance.json").read_text(encoding="utf-8"))["sha256"]


def test_tables_and_figures_need_two_folders(tmp_path, capsys):
    """One folder for both would make the two halves of the set one staging folder."""
    assert cli_main(["report", "--tables", str(tmp_path), "--figures", str(tmp_path)]) == 2
    assert "--tables and --figures are one folder" in capsys.readouterr().err
