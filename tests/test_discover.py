"""discover (issue #14) against a loopback server serving SYNTHETIC answers shaped as the Open Data Portal
documents them (tests/fixtures/synthetic_opendata): paging, filters, 429 with Retry-After, the cache on the
second run, and a registry that fetch and report then use unchanged."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO, run_cli

from analysis.cli import main as cli_main
from analysis.corpus import discover, opendata, provenance
from analysis.errors import FetchError
from test_fetch import _no_proxy, page, retry_later, server, status  # noqa: F401 (fixtures)

ANSWERS = Path(__file__).parent / "fixtures" / "synthetic_opendata"
KINDS = Path(__file__).parent / "fixtures" / "synthetic_kinds"
FORMAT = "format=application%2Fld%2Bjson"
JSON = "application/ld+json; charset=utf-8"


def _serve(server, first_list=None) -> str:
    """Route every synthetic answer; return the API base. ``first_list``: what the first ask of 2099's
    first page gets before the answer."""
    base = server.base.replace("/doceo/document/", "/api/v2")
    root = "/api/v2/adopted-texts"
    lists = {(2099, 0): "synthetic_list_2099_0.json", (2099, 2): "synthetic_list_2099_2.json",
             (2098, 0): "synthetic_list_2098_0.json"}
    for (year, offset), name in lists.items():
        answer = page((ANSWERS / name).read_bytes(), ctype=JSON)
        actions = [first_list, answer] if first_list and (year, offset) == (2099, 0) else [answer]
        server.routes[f"{root}?year={year}&offset={offset}&limit=2&{FORMAT}"] = actions
    for path in ANSWERS.glob("synthetic_TA-*.json"):
        identifier = path.stem.removeprefix("synthetic_")
        server.routes[f"{root}/{identifier}?{FORMAT}"] = [page(path.read_bytes(), ctype=JSON)]
    return base


FILTERS = discover.Filters(("Примерстан*",), date(2098, 1, 1), date(2099, 12, 31), ("RSP",))


def test_discover_pages_filters_and_caches(server, tmp_path):
    base = _serve(server)
    portal = opendata.Portal(base, tmp_path / "cache", retries=0)
    frame = discover.discover(portal, FILTERS, limit=2, progress=False)
    # By hand from the fixtures: 2098-0005 and 2099-0096 name Примерстан in their Bulgarian titles and are
    # RSP; 2099-0097 is about another sea, 2099-0098 is an INI report.
    assert list(frame["doceo_id"]) == ["TA-10-2098-0005", "TA-10-2099-0096"]
    assert list(frame["joint_motion"]) == ["RC-B10-0031/2098", "RC-B10-0249/2099"]
    assert list(frame["procedure"]) == ["2098/2600(RSP)", "2099/2691(RSP)"]
    assert list(frame["ta_reference"]) == ["P10_TA(2098)0005", "P10_TA(2099)0096"]
    assert list(frame["celex"]) == ["52098IP0005", "52099IP0096"]
    assert frame["title_en"][0] == "SYNTHETIC: the case of a journalist in Examplestan"  # from its expression
    assert list(frame.columns) == list(pd.read_csv(REPO / "data" / "registry.csv", nrows=0).columns)
    assert portal.requests == server.hits() == 7  # 3 pages of lists (2098: 1, 2099: 2), 4 descriptions
    for record_path in (tmp_path / "cache").rglob("*.json"):
        if not record_path.name.endswith(provenance.SUFFIX):
            assert provenance.verify(record_path) is True
    again = opendata.Portal(base, tmp_path / "cache", retries=0)
    assert discover.discover(again, FILTERS, limit=2, progress=False).equals(frame)
    assert again.requests == 0 and server.hits() == 7  # the second run reads its cache


def test_discover_waits_as_429_retry_after_asks(server, tmp_path):
    base = _serve(server, first_list=retry_later(429, "2"))
    waits: list[float] = []
    portal = opendata.Portal(base, tmp_path / "cache", retries=2, backoff=0.001, sleep=waits.append)
    frame = discover.discover(portal, FILTERS, limit=2, progress=False)
    assert waits == [2.0] and len(frame) == 2  # the server's 2 s, not the 0.001 s backoff


def _cut_json(h, state) -> None:
    """An answer whose connection closes half-way through its body (Content-Length says more)."""
    body = (ANSWERS / "synthetic_list_2099_0.json").read_bytes()
    h.send_response(200)
    h.send_header("Content-Type", JSON)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body[:len(body) // 2])
    h.wfile.flush()
    h.close_connection = True


def test_an_answer_cut_off_is_asked_again_and_a_failure_names_its_address(server, tmp_path):
    base = _serve(server, first_list=_cut_json)
    waits: list[float] = []
    portal = opendata.Portal(base, tmp_path / "cache", retries=1, backoff=0.001, sleep=waits.append)
    assert len(discover.discover(portal, FILTERS, limit=2, progress=False)) == 2 and waits == [0.001]
    # A listed text the portal does not have: the error says which answer, not only "not found".
    server.routes["/api/v2/adopted-texts/TA-10-2099-0096?" + FORMAT] = [status(404)]
    portal = opendata.Portal(base, tmp_path / "other-cache", retries=0)
    with pytest.raises(FetchError, match=r"/api/v2/adopted-texts/TA-10-2099-0096\?format=.*: not found \(HTTP 404\)$"):
        discover.discover(portal, FILTERS, limit=2, progress=False)


def test_discover_refuses_a_wait_longer_than_allowed(server, tmp_path, capsys):
    base = _serve(server, first_list=retry_later(429, "600"))
    status = cli_main(["discover", "--api", base, "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "r.csv"),
                       "--from", "2099-01-01", "--to", "2099-12-31", "--page-size", "2", "--retries", "1"])
    err = capsys.readouterr().err
    assert status == 2 and "Retry-After" in err and "600" in err and not (tmp_path / "r.csv").exists()


def test_bad_filters_are_one_line(tmp_path, capsys):
    status = cli_main(["discover", "--out", str(tmp_path / "r.csv"), "--from", "2099-13-01"])
    assert status == 2 and "--from '2099-13-01': expected a date YYYY-MM-DD" in capsys.readouterr().err


def test_a_discovered_registry_is_fetched_and_reported_unchanged(server, tmp_path):
    base = _serve(server)
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("raw", "processed"))
    env = {"ANALYSIS_DATA_DIR": str(data), "ANALYSIS_FIGURES_DIR": str(tmp_path / "figures"),
           "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    status = cli_main(["discover", "--api", base, "--cache", str(tmp_path / "cache"), "--out", str(data / "registry.csv"),
                       "--title", "Примерстан*", "--procedure", "RSP", "--from", "2098-01-01", "--to", "2099-12-31",
                       "--page-size", "2"])
    assert status == 0 and provenance.read_record(data / "registry.csv")["filters"]["procedure"] == ["RSP"]
    server.route("TA-10-2099-0096", "en", page((KINDS / "synthetic_TA_EN.html").read_bytes()))
    fetched = run_cli("fetch", "--registry", str(data / "registry.csv"), "--lang", "en", "--base-url", server.base,
                      "--retries", "0", env=env)
    assert fetched.returncode == 1, fetched.stderr  # 2098-0005 is not served (404): fetched in part
    assert "1 downloaded, 1 failed" in fetched.stdout
    report = run_cli("report", "--lang", "en", env=env)
    assert report.returncode == 0, report.stderr
    available = pd.read_csv(data / "processed" / "availability.csv", keep_default_na=False)
    assert available[["doceo_id", "status"]].values.tolist() == [["TA-10-2098-0005", "missing"],
                                                                ["TA-10-2099-0096", "compared"]]
