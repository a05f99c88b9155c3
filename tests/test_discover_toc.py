"""discover before 2014 (issue #14): the document server's daily tables of contents of texts adopted, served
by a loopback server from SYNTHETIC pages shaped like the real ones (tests/fixtures/synthetic_toc: a page
linking each text's DOCEO page and the sitting days around it; an older one linking texts through the
former sides/getDoc.do address). Days without a sitting answer 404 (the server's default), kept on disk
like the pages; 429 with Retry-After; the cache on the second run; the registry's provenance."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from analysis.cli import main as cli_main
from analysis.corpus import discover, provenance, sittings
from test_fetch import _no_proxy, page, retry_later, server  # noqa: F401 (fixtures)

PAGES = Path(__file__).parent / "fixtures" / "synthetic_toc"
FILTERS = discover.Filters(("Examplestan*", "Примерстан*"), date(2012, 3, 12), date(2012, 3, 16), ("RSP",))


def _serve(server, first=None) -> str:
    """Route every synthetic page at its path; any other day answers 404. ``first``: what the first ask of
    13 March's English page gets before the page."""
    for path in PAGES.glob("synthetic_TA-*-TOC_*.html"):
        name = path.name.removeprefix("synthetic_")
        answer = page(path.read_bytes())
        server.routes[f"/doceo/document/{name}"] = [first, answer] if first and "03-13-TOC_EN" in name else [answer]
    return server.base


def _asked(server) -> list[str]:
    return [path.rsplit("/", 1)[-1] for path, _ in server.requests]


def test_a_table_of_contents_is_read_from_its_links():
    body = (PAGES / "synthetic_TA-7-2012-03-15-TOC_EN.html").read_bytes()
    entries = sittings.parse_toc(body, "2012-03-15", "en")
    # By hand from the page: two texts, linked through the former address; the PDF link of 0912 is the
    # same text (one entry, the longer link text its title); no later sitting day is linked.
    assert [(e.doceo_id, e.title, e.procedure, e.tabled) for e in entries] == [
        ("TA-7-2012-0911", "SYNTHETIC: an invented sea and its fisheries", "2012/2911(RSP)", "RC-B7-0911/2012"),
        ("TA-7-2012-0912", "SYNTHETIC: Examplestan, invented prisoners", "2012/2912(RSP)", "B7-0950/2012")]
    assert sittings.next_day(body, date(2012, 3, 15)) is None
    newer = (PAGES / "synthetic_TA-7-2012-03-13-TOC_EN.html").read_bytes()
    assert sittings.next_day(newer, date(2012, 3, 13)) == date(2012, 3, 15)  # not 16 February (earlier)


def test_terms_of_sitting_days():
    # 2009 and 2014 are election years: the new term's first sitting is in July.
    assert [sittings.term_of_day(date(y, m, 1)) for y, m in ((2009, 5), (2009, 7), (2012, 3), (2014, 4))] == [6, 7, 7, 7]


def test_discover_reads_the_days_follows_next_links_and_caches(server, tmp_path):
    base = _serve(server)
    days = sittings.Sittings(base, tmp_path / "cache", retries=0)
    frame = discover.toc_rows(days, FILTERS, ("en", "bg"), progress=False)
    # By hand: 12 March has no page (404 in both languages); 13 March lists 0901 (RSP, Examplestan) and 0902
    # (INI: dropped); its link to 15 March skips 14 March; 15 March (English only) lists 0911 (another
    # subject: dropped) and 0912 (RSP, Examplestan); 16 March has no page. 8 asks: 4 days x 2 languages
    # less 14 March (2).
    assert [r["doceo_id"] for r in frame] == ["TA-7-2012-0901", "TA-7-2012-0912"]
    assert [r["date"] for r in frame] == ["2012-03-13", "2012-03-15"]
    assert [r["ta_reference"] for r in frame] == ["P7_TA(2012)0901", "P7_TA(2012)0912"]
    assert [r["joint_motion"] for r in frame] == ["RC-B7-0901/2012", "B7-0950/2012"]
    assert [r["procedure"] for r in frame] == ["2012/2901(RSP)", "2012/2912(RSP)"]
    assert [r["celex"] for r in frame] == ["52012IP0901", "52012IP0912"]
    assert frame[0]["title_en"] == "SYNTHETIC: Examplestan, the case of an invented journalist"
    assert sorted(_asked(server)) == sorted(f"TA-7-2012-03-{d}-TOC_{lang}.html" for d in (12, 13, 15, 16)
                                            for lang in ("EN", "BG"))
    assert days.requests == 8 and len(days.sources) == 3 and len(days.absent) == 5
    for kept in (tmp_path / "cache" / "toc" / "2012").glob("*.html"):
        assert provenance.verify(kept) is True
    again = sittings.Sittings(base, tmp_path / "cache", retries=0)
    assert discover.toc_rows(again, FILTERS, ("en", "bg"), progress=False) == frame
    assert again.requests == 0 and len(server.requests) == 8  # the second run asks nothing, 404s included


def test_a_title_in_another_language_is_matched(server, tmp_path):
    base = _serve(server)
    bulgarian = discover.Filters(("Примерстан*",), date(2012, 3, 13), date(2012, 3, 13))
    rows = discover.toc_rows(sittings.Sittings(base, tmp_path / "cache", retries=0), bulgarian, ("en", "bg"),
                             progress=False)
    # Only the Bulgarian titles name Примерстан: both texts of 13 March (no procedure filter here).
    assert [r["doceo_id"] for r in rows] == ["TA-7-2012-0901", "TA-7-2012-0902"]
    english_only = discover.toc_rows(sittings.Sittings(base, tmp_path / "other", retries=0), bulgarian, ("en",),
                                     progress=False)
    assert english_only == []


def test_croatian_is_not_asked_for_before_it_existed(server, tmp_path):
    base = _serve(server)
    discover.toc_rows(sittings.Sittings(base, tmp_path / "cache", retries=0), FILTERS, ("hr",), progress=False)
    assert server.requests == []  # Croatian texts exist from 1 July 2013 (data/languages/official.csv)


def test_a_table_of_contents_waits_as_429_retry_after_asks(server, tmp_path):
    base = _serve(server, first=retry_later(429, "3"))
    waits: list[float] = []
    days = sittings.Sittings(base, tmp_path / "cache", retries=2, backoff=0.001, sleep=waits.append)
    rows = discover.toc_rows(days, FILTERS, ("en",), progress=False)
    assert waits == [3.0] and [r["doceo_id"] for r in rows] == ["TA-7-2012-0901", "TA-7-2012-0912"]


@pytest.mark.parametrize(("body", "reason"), [
    (b"<html><body>busy</body></html>", "no link to an adopted text or to another sitting day"),
    # an error page served with 200: a link, but to no text and no day
    (b"<html><body><h1>Document not found</h1><a href='/portal/en'>Home</a></body></html>",
     "no link to an adopted text or to another sitting day"),
    # a real page cut off: its links are there, its end is not
    ((PAGES / "synthetic_TA-7-2012-03-13-TOC_EN.html").read_bytes()[:-300], "incomplete HTML page"),
])
def test_a_page_that_is_no_table_of_contents_is_refused_and_not_kept(server, tmp_path, body, reason):
    server.routes["/doceo/document/TA-7-2012-03-12-TOC_EN.html"] = [page(body)]
    days = sittings.Sittings(server.base, tmp_path / "cache", retries=0)
    with pytest.raises(Exception, match=f"^{server.base}TA-7-2012-03-12-TOC_EN.html: .*{reason}"):
        discover.toc_rows(days, FILTERS, ("en",), progress=False)
    assert not (tmp_path / "cache" / "toc" / "2012" / "TA-7-2012-03-12-TOC_EN.html").exists()


def test_the_command_writes_the_registry_with_its_provenance(server, tmp_path, capsys):
    base = _serve(server)
    out = tmp_path / "registry.csv"
    status = cli_main(["discover", "--api", "http://127.0.0.1:9/api/v2", "--toc-base", base, "--cache",
                       str(tmp_path / "cache"), "--out", str(out), "--title", "Examplestan*", "--procedure", "RSP",
                       "--from", "2012-03-12", "--to", "2012-03-16", "--retries", "0"])
    printed = capsys.readouterr().out
    assert status == 0, printed
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[2] for line in lines[1:]] == ["TA-7-2012-0901", "TA-7-2012-0912"]
    record = provenance.read_record(out)
    # The portal is not asked (every day is before 2014); the three pages read and two days without one.
    assert [r["source_url"].rsplit("/", 1)[-1] for r in record["tables_of_contents"]] == [
        "TA-7-2012-03-13-TOC_EN.html", "TA-7-2012-03-15-TOC_EN.html"]
    assert record["days_without_table_of_contents"] == 2 and record["answers"] == []
    assert "2 sitting day page(s), 2 day(s) without one; 4 asked" in printed
    absent = json.loads((tmp_path / "cache" / "toc" / "2012" / ("TA-7-2012-03-12-TOC_EN.html" + sittings.ABSENT))
                        .read_text(encoding="utf-8"))
    assert absent["http_status"] == 404 and absent["source_url"].endswith("TA-7-2012-03-12-TOC_EN.html")


def test_a_last_day_before_2014_needs_a_first_day(tmp_path, capsys):
    status = cli_main(["discover", "--out", str(tmp_path / "r.csv"), "--to", "2012-03-16"])
    assert status == 2 and "--to 2012-03-16: before 2014-07-01" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()
