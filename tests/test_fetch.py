"""Tests of analysis.corpus.fetch and .download against a real HTTP server on 127.0.0.1 serving SYNTHETIC pages.

No test touches the internet: every URL points at the local test server or at a closed port.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from analysis.cli import fetch as fetch_cli
from analysis.cli import main as cli_main
from analysis import ids
from analysis.corpus import download, fetch, provenance, registry
from analysis.resources.languages import LANGUAGES, LanguageError, normalise_languages
from analysis.errors import AnalysisError, FetchError
from conftest import run_cli

# The synthetic resolution page of the parser tests: invented wording in a resolution's structure.
PAGE = (Path(__file__).parent / "fixtures" / "synthetic_resolution_EN.html").read_bytes()
DOC = "TA-9-2099-0001"  # synthetic ids: no such documents exist
OTHER = "TA-9-2099-0002"
THIRD = "TA-9-2098-0003"

Action = Callable[[BaseHTTPRequestHandler, "LocalServer"], None]


# --- the local server -------------------------------------------------------------------


class LocalServer:
    """State shared with the handler: routes (path -> actions by request number) and a log."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Action]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.base = ""

    def route(self, doc: str, lang: str, *actions: Action) -> str:
        """Serve ``actions`` (the last one repeats) at the URL of ``doc`` in ``lang``."""
        url = ids.document_url(doc, lang, self.base)
        self.routes[urlsplit(url).path] = list(actions)
        return url

    def hits(self, doc: str | None = None, lang: str = "en") -> int:
        if doc is None:
            return len(self.requests)
        name = f"/{doc}_{lang.upper()}.html"
        return sum(1 for path, _ in self.requests if path.endswith(name))


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        state: LocalServer = self.server.state  # type: ignore[attr-defined]
        with state.lock:
            n = sum(1 for path, _ in state.requests if path == self.path)
            state.requests.append((self.path, dict(self.headers)))
        actions = state.routes.get(self.path) or [status(404)]
        actions[min(n, len(actions) - 1)](self, state)

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the client hanging up on a stalled or oversized response is expected


@pytest.fixture
def server():
    state = LocalServer()
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.state = state  # type: ignore[attr-defined]
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}/doceo/document/"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    state.stop.set()  # ends any stalled handler
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=2)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


# --- server actions ---------------------------------------------------------------------


def page(body: bytes = PAGE, ctype: str = "text/html; charset=utf-8", length: bool = True) -> Action:
    def act(h: BaseHTTPRequestHandler, state: LocalServer) -> None:
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        if length:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return act


def status(code: int) -> Action:
    def act(h: BaseHTTPRequestHandler, state: LocalServer) -> None:
        body = f"<html><body>synthetic error {code}</body></html>".encode()
        h.send_response(code)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return act


def stall(seconds: float) -> Action:
    def act(h: BaseHTTPRequestHandler, state: LocalServer) -> None:
        state.stop.wait(seconds)
        page()(h, state)

    return act


def page_of(doc: str) -> bytes:
    """The synthetic page with the reference of ``doc`` (it is DOC's as it stands)."""
    reference = ids.reference_from_doceo_id(doc)
    return PAGE.replace(b"P9_TA(2099)0001", reference.encode())


def trickle(interval: float) -> Action:
    """The page, one byte every ``interval`` seconds: never idle long enough for a read timeout."""
    def act(h: BaseHTTPRequestHandler, state: LocalServer) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(PAGE)))
        h.end_headers()
        for byte in PAGE:
            if state.stop.wait(interval):
                return
            try:
                h.wfile.write(bytes([byte]))
                h.wfile.flush()
            except OSError:  # the client hung up
                return

    return act


def retry_later(code: int, after: str) -> Action:
    def act(h: BaseHTTPRequestHandler, state: LocalServer) -> None:
        body = f"<html><body>synthetic error {code}</body></html>".encode()
        h.send_response(code)
        h.send_header("Content-Type", "text/html")
        h.send_header("Retry-After", after)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return act


def truncated(claimed: int = len(PAGE) + 5000) -> Action:
    def act(h: BaseHTTPRequestHandler, state: LocalServer) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(claimed))
        h.end_headers()
        h.wfile.write(PAGE[:200])
        h.wfile.flush()
        h.close_connection = True

    return act


# --- helpers ----------------------------------------------------------------------------


def reg(*ids: str) -> pd.DataFrame:
    return pd.DataFrame({"doceo_id": list(ids), "year": [int(i.split("-")[2]) for i in ids]})


def run_fetch(server: LocalServer, dest: Path, *ids: str, languages=("en",), **kwargs) -> pd.DataFrame:
    options = dict(base_url=server.base, retries=0, backoff=0.001, timeout=2.0, progress=False)
    options.update(kwargs)
    return fetch.fetch_documents(reg(*(ids or (DOC,))), languages, dest, **options)


def only_row(result: pd.DataFrame) -> dict:
    assert len(result) == 1
    return result.iloc[0].to_dict()


def fetch_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("fetch:")]


def assert_no_partials(dest: Path) -> None:
    if dest.exists():
        leftovers = [p.name for p in dest.iterdir() if p.name.endswith(".part") or p.name.startswith(".")]
        assert leftovers == []


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def good_download(server: LocalServer, dest: Path) -> Path:
    server.route(DOC, "en", page())
    assert only_row(run_fetch(server, dest))["status"] == "downloaded"
    return dest / f"{DOC}_EN.html"


# --- success, re-run, offline -----------------------------------------------------------


def test_success_writes_file_and_provenance(server, tmp_path):
    url = server.route(DOC, "en", page())
    row = only_row(run_fetch(server, tmp_path))
    path = tmp_path / f"{DOC}_EN.html"
    assert row["status"] == "downloaded" and row["language"] == "EN" and row["path"] == path
    assert path.read_bytes() == PAGE
    record = json.loads(provenance.record_path(path).read_text(encoding="utf-8"))
    assert record["sha256"] == hashlib.sha256(PAGE).hexdigest()
    assert record["bytes"] == len(PAGE)
    assert record["http_status"] == 200
    assert record["content_type"].startswith("text/html")
    assert record["source_url"] == url
    assert record["doceo_id"] == DOC and record["language"] == "EN"
    assert record["obtained"] == "downloaded by analysis fetch"
    assert record["reuse_notice"] == provenance.REUSE_NOTICE
    when = datetime.fromisoformat(record["retrieved_at"].replace("Z", "+00:00"))
    assert when.utcoffset().total_seconds() == 0
    assert abs((datetime.now(timezone.utc) - when).total_seconds()) < 60
    assert provenance.verify(path) is True
    assert_no_partials(tmp_path)


def test_user_agent_is_sent(server, tmp_path):
    server.route(DOC, "en", page())
    run_fetch(server, tmp_path)
    agent = server.requests[0][1]["User-Agent"]
    assert agent == download.user_agent()
    assert agent.startswith("ep-resolutions-analysis/")
    assert "analysis fetch" in agent
    assert download.version() in agent


def test_rerun_is_a_noop(server, tmp_path):
    path = good_download(server, tmp_path)
    before = (path.stat().st_mtime_ns, provenance.record_path(path).read_bytes())
    row = only_row(run_fetch(server, tmp_path))
    assert row["status"] == "present"
    assert server.hits() == 1  # no second request
    assert (path.stat().st_mtime_ns, provenance.record_path(path).read_bytes()) == before


def test_offline_never_touches_the_network(server, tmp_path, capsys):
    server.route(DOC, "en", page())
    result = run_fetch(server, tmp_path, DOC, OTHER, offline=True, languages=("bg", "en"))
    assert set(result["status"]) == {"missing"}
    assert server.hits() == 0
    path = good_download(server, tmp_path)
    (tmp_path / f"{OTHER}_EN.html").write_bytes(PAGE)  # present, no record
    server.requests.clear()
    result = run_fetch(server, tmp_path, DOC, OTHER, offline=True, force=True, languages=("bg", "en"))
    status = {(r.doceo_id, r.language): r.status for r in result.itertuples()}
    assert status == {
        (DOC, "BG"): "missing", (DOC, "EN"): "present",
        (OTHER, "BG"): "missing", (OTHER, "EN"): "unverified",
    }
    assert server.hits() == 0
    assert path.read_bytes() == PAGE


def test_offline_with_closed_port_is_fine(tmp_path):
    result = fetch.fetch_documents(
        reg(DOC), ["en"], tmp_path, base_url=f"http://127.0.0.1:{closed_port()}/", offline=True,
        progress=False,
    )
    assert list(result["status"]) == ["missing"]
    assert not any(tmp_path.iterdir())


# --- HTTP failures ----------------------------------------------------------------------


def test_404_is_not_retried(server, tmp_path, capsys):
    url = server.route(DOC, "en", status(404))
    row = only_row(run_fetch(server, tmp_path, retries=3))
    assert row["status"] == "failed"
    assert "not found (HTTP 404)" in row["message"]
    assert server.hits() == 1
    assert fetch_lines(capsys.readouterr().err) == [f"fetch: {DOC}_EN: not found (HTTP 404) at {url}"]
    assert not (tmp_path / f"{DOC}_EN.html").exists()
    assert_no_partials(tmp_path)


def test_500_then_success_is_retried(server, tmp_path):
    server.route(DOC, "en", status(500), status(502), page())
    row = only_row(run_fetch(server, tmp_path, retries=2))
    assert row["status"] == "downloaded"
    assert server.hits() == 3
    assert (tmp_path / f"{DOC}_EN.html").read_bytes() == PAGE


def test_429_too_many_requests_is_retried(server, tmp_path):
    server.route(DOC, "en", status(429), page())
    row = only_row(run_fetch(server, tmp_path, retries=1))
    assert row["status"] == "downloaded" and server.hits() == 2


@pytest.mark.parametrize(("retries", "backoff", "expected"), [(3, 0.5, [0.5, 1.0, 2.0]), (3, 40.0, [40.0, 60.0, 60.0])])
def test_backoff_is_exponential_up_to_a_minute(server, tmp_path, retries, backoff, expected):
    delays: list[float] = []
    url = server.route(DOC, "en", status(503))
    with download.new_session() as session, pytest.raises(FetchError, match=rf"HTTP 503.*{retries + 1} attempts"):
        download.download(session, url, tmp_path / "page.html", retries=retries, backoff=backoff,
                          timeout=2.0, progress=False, sleep=delays.append)
    assert delays == expected and server.hits() == retries + 1
    assert not (tmp_path / "page.html").exists()


def test_persistent_5xx_fails_after_retries(server, tmp_path, capsys):
    server.route(DOC, "en", status(503))
    row = only_row(run_fetch(server, tmp_path, retries=2))
    assert row["status"] == "failed"
    assert "HTTP 503" in row["message"] and "3 attempts" in row["message"]
    assert server.hits() == 3
    assert len(fetch_lines(capsys.readouterr().err)) == 1
    assert_no_partials(tmp_path)


def test_stall_past_timeout(server, tmp_path):
    server.route(DOC, "en", stall(5.0))
    start = time.monotonic()
    row = only_row(run_fetch(server, tmp_path, timeout=0.2, retries=1))
    assert time.monotonic() - start < 3
    assert row["status"] == "failed"
    assert "timed out" in row["message"]
    assert server.hits() == 2  # a timeout is retried
    assert not (tmp_path / f"{DOC}_EN.html").exists()
    assert_no_partials(tmp_path)


def test_truncated_body(server, tmp_path):
    server.route(DOC, "en", truncated())
    row = only_row(run_fetch(server, tmp_path))
    assert row["status"] == "failed"
    assert "truncated" in row["message"]
    assert not (tmp_path / f"{DOC}_EN.html").exists()
    assert_no_partials(tmp_path)


def test_non_html_content_type(server, tmp_path):
    server.route(DOC, "en", page(b"%PDF-1.4 synthetic", ctype="application/pdf"))
    row = only_row(run_fetch(server, tmp_path, retries=2))
    assert row["status"] == "failed"
    assert "expected an HTML page, got application/pdf" in row["message"]
    assert server.hits() == 1
    assert not (tmp_path / f"{DOC}_EN.html").exists()
    assert_no_partials(tmp_path)


def test_xhtml_content_type_is_accepted(server, tmp_path):
    server.route(DOC, "en", page(ctype="application/xhtml+xml"))
    assert only_row(run_fetch(server, tmp_path))["status"] == "downloaded"


def test_complete_html_page_that_is_no_resolution_is_refused(server, tmp_path):
    notice = b"<!DOCTYPE html><html><body><p>SYNTHETIC notice: document not available.</p></body></html>"
    server.route(DOC, "en", page(notice))
    row = only_row(run_fetch(server, tmp_path))
    assert row["status"] == "failed" and "the page is not a resolution text (not a resolution" in row["message"]
    assert server.hits() == 1  # not retried
    assert not (tmp_path / f"{DOC}_EN.html").exists()
    assert_no_partials(tmp_path)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"synthetic plain text, no markup at all\n" * 200, "does not look like an HTML page"),
        (b"short synthetic text", "does not look like an HTML page"),
        (PAGE[: PAGE.rindex(b"</html>")], "incomplete HTML page"),
    ],
)
def test_body_must_be_a_complete_html_page(server, tmp_path, body, expected):
    server.route(DOC, "en", page(body))
    row = only_row(run_fetch(server, tmp_path))
    assert row["status"] == "failed" and expected in row["message"]
    assert not (tmp_path / f"{DOC}_EN.html").exists()
    assert_no_partials(tmp_path)


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "streamed"])
def test_oversized_body(server, tmp_path, length):
    big = b"<html><body>" + b"<p>synthetic filler</p>\n" * 400 + b"</body></html>"
    server.route(DOC, "en", page(big, length=length))
    row = only_row(run_fetch(server, tmp_path, max_bytes=2000))
    assert row["status"] == "failed"
    assert "larger than the 2000-byte limit" in row["message"]
    assert not (tmp_path / f"{DOC}_EN.html").exists()
    assert_no_partials(tmp_path)


# --- files on disk ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [status(500), truncated(), page(b"%PDF synthetic", ctype="application/pdf"), page(PAGE * 50)],
    ids=["5xx", "truncated", "pdf", "oversized"],
)
def test_good_file_never_replaced_by_failed_download(server, tmp_path, bad):
    path = good_download(server, tmp_path)
    record = provenance.record_path(path).read_bytes()
    server.route(DOC, "en", bad)
    row = only_row(run_fetch(server, tmp_path, force=True, max_bytes=len(PAGE) * 10))
    assert row["status"] == "failed"
    assert path.read_bytes() == PAGE
    assert provenance.record_path(path).read_bytes() == record
    assert provenance.verify(path) is True
    assert_no_partials(tmp_path)


def test_sha256_mismatch_is_an_error(server, tmp_path, capsys):
    path = good_download(server, tmp_path)
    path.write_bytes(PAGE.replace(b"SYNTHETIC test page", b"SYNTHETIC edited page"))
    capsys.readouterr()
    row = only_row(run_fetch(server, tmp_path))
    assert row["status"] == "failed"
    assert str(path) in row["message"] and "--force" in row["message"]
    assert server.hits() == 1  # not re-downloaded
    lines = fetch_lines(capsys.readouterr().err)
    assert len(lines) == 1 and str(path) in lines[0] and "--force" in lines[0]
    # --force replaces the file and its record
    row = only_row(run_fetch(server, tmp_path, force=True))
    assert row["status"] == "downloaded"
    assert path.read_bytes() == PAGE and provenance.verify(path) is True


def test_file_without_record_is_unverified_and_kept(server, tmp_path, capsys):
    server.route(DOC, "en", page())
    path = tmp_path / f"{DOC}_EN.html"
    path.write_bytes(b"<html>synthetic local copy</html>")
    row = only_row(run_fetch(server, tmp_path))
    assert row["status"] == "unverified"
    assert server.hits() == 0
    assert path.read_bytes() == b"<html>synthetic local copy</html>"
    assert "--force" in fetch_lines(capsys.readouterr().err)[0]
    row = only_row(run_fetch(server, tmp_path, force=True))
    assert row["status"] == "downloaded" and path.read_bytes() == PAGE


# --- several documents ------------------------------------------------------------------


def test_one_failure_does_not_stop_the_others(server, tmp_path, capsys):
    server.route(DOC, "en", page())
    server.route(OTHER, "en", status(404))
    server.route(THIRD, "en", page(page_of(THIRD)))
    result = run_fetch(server, tmp_path, DOC, OTHER, THIRD)
    assert list(result["status"]) == ["downloaded", "failed", "downloaded"]
    lines = fetch_lines(capsys.readouterr().err)
    assert len(lines) == 1 and lines[0].startswith(f"fetch: {OTHER}_EN: not found (HTTP 404)")


def test_connection_refused_says_so_in_one_line(tmp_path, capsys):
    port = closed_port()
    start = time.monotonic()
    result = fetch.fetch_documents(
        reg(DOC, OTHER), ["bg", "en"], tmp_path, base_url=f"http://127.0.0.1:{port}/",
        retries=1, backoff=0.001, timeout=1.0, progress=False,
    )
    assert time.monotonic() - start < 5
    assert list(result["status"]) == ["failed"] * 4
    assert fetch_lines(capsys.readouterr().err) == [
        "fetch: cannot reach 127.0.0.1 (no network?); 4 document(s) not fetched"
    ]
    assert_no_partials(tmp_path)


def test_only_filters_by_id_or_year(server, tmp_path):
    frame = reg(DOC, OTHER, THIRD)
    pick = lambda only: list(  # noqa: E731
        fetch.fetch_documents(frame, ["en"], tmp_path, offline=True, only=only, progress=False)["doceo_id"]
    )
    assert pick(["2098"]) == [THIRD]
    assert pick([OTHER.lower()]) == [OTHER]
    assert pick(["2099", THIRD]) == [DOC, OTHER, THIRD]
    with pytest.raises(AnalysisError, match="1999"):
        pick(["1999"])


def test_languages_are_validated(tmp_path):
    with pytest.raises(LanguageError) as info:
        fetch.fetch_documents(reg(DOC), ["bg", "xx"], tmp_path, offline=True, progress=False)
    assert isinstance(info.value, AnalysisError)
    assert "'xx'" in str(info.value) and "\n" not in str(info.value)
    assert len(LANGUAGES) == 24
    result = fetch.fetch_documents(reg(DOC), LANGUAGES, tmp_path, offline=True, progress=False)
    assert len(result) == 24 and result["language"].iloc[0] == "BG"
    assert normalise_languages("BG, en,bg") == ["bg", "en"]


# --- command-line glue ------------------------------------------------------------------


def _write_registry(data_dir: Path, *ids: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "languages").mkdir(exist_ok=True)  # the first day of each language, checked before a request
    shutil.copy(Path(__file__).parents[1] / "data" / "languages" / "official.csv", data_dir / "languages")
    rows = [",".join(registry.REQUIRED)] + [
        f"{i.split('-')[2]},{i.split('-')[2]}-01-01,{i},P9_TA(x),x,x,synthetic" for i in ids
    ]
    (data_dir / "registry.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fetch")
    fetch_cli.configure_parser(parser)
    return parser.parse_args(list(argv))


def test_parser_defaults():
    args = _args()
    assert args.lang == "bg,en" and args.base_url == ids.DOCEO_BASE
    assert not args.offline and not args.force and args.only is None and args.dest is None
    assert (args.timeout, args.retries, args.max_bytes) == (30.0, 3, 20_000_000)


def test_run_returns_nonzero_when_something_failed(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path / "data"))
    _write_registry(tmp_path / "data", DOC, OTHER)
    server.route(DOC, "en", page())
    server.route(OTHER, "en", status(404))
    dest = tmp_path / "raw"
    common = ["--lang", "en", "--base-url", server.base, "--dest", str(dest), "--retries", "0"]
    assert fetch_cli.run(_args(*common)) == 1
    out, err = capsys.readouterr()
    assert "1 downloaded" in out and "1 failed" in out
    assert len(fetch_lines(err)) == 1
    assert fetch_cli.run(_args(*common, "--only", DOC)) == 0
    assert "1 present" in capsys.readouterr().out
    assert fetch_cli.run(_args(*common, "--offline")) == 0  # absent offline is "missing", not failed
    assert "1 present, 1 missing" in capsys.readouterr().out
    (dest / f"{DOC}_EN.html").write_bytes(b"<html>synthetic tampered copy</html>")
    assert fetch_cli.run(_args(*common, "--offline")) == 1  # hash mismatch


@pytest.mark.parametrize(
    ("argv", "patch", "expected", "status"),
    [
        (["--lang", "bg,zz", "--offline"], None, "analysis fetch: error: unknown language code 'zz'", 2),
        (["--only", "1999", "--offline"], None, "analysis fetch: error: --only 1999", 2),
        (["--offline"], "no-registry", "registry file not found", 2),
        (["--offline"], "boom", "analysis fetch: internal error: RuntimeError: synthetic boom", 3),
    ],
)
def test_run_reports_errors_in_one_line(tmp_path, monkeypatch, capsys, argv, patch, expected, status):
    """Bad arguments and data are exit status 2 and a bug 3, as for every other command."""
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ANALYSIS_DEBUG", raising=False)
    if patch != "no-registry":
        _write_registry(tmp_path / "data", DOC)
    if patch == "boom":
        def boom(*args, **kwargs):
            raise RuntimeError("synthetic boom")
        monkeypatch.setattr(fetch, "fetch_documents", boom)
    assert cli_main(["fetch", *argv, "--dest", str(tmp_path / "raw")]) == status
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and expected in err
    assert "Traceback" not in err


def test_saved_text_rendering_counts_as_present(server, tmp_path):
    """A verified plain-text rendering (like the shipped 2021 file) is not downloaded again."""
    server.route(DOC, "en", page())
    saved = tmp_path / f"{DOC}_EN.txt"
    saved.write_text("SYNTHETIC saved text rendering\n", encoding="utf-8")
    provenance.write_record(saved, {"sha256": provenance.sha256_file(saved)})
    row = only_row(run_fetch(server, tmp_path, DOC))
    assert row["status"] == "present" and Path(row["path"]) == saved
    assert server.hits() == 0 and not (tmp_path / f"{DOC}_EN.html").exists()


# --- time limits: the whole download, and the waits a server asks for -------------------------


def test_a_trickling_server_is_cut_off_within_the_timeout(server, tmp_path):
    """One byte every 0.05 s never trips a read timeout; --timeout bounds the whole download."""
    server.route(DOC, "en", trickle(0.05))
    start = time.monotonic()
    row = only_row(run_fetch(server, tmp_path, timeout=1.0, retries=2))
    elapsed = time.monotonic() - start
    assert 1.0 <= elapsed < 2.0, elapsed
    assert row["status"] == "failed" and "cut off after --timeout 1 s" in row["message"]
    assert server.hits() == 1  # a trickle is not retried: it would trickle again
    assert not (tmp_path / f"{DOC}_EN.html").exists()
    assert_no_partials(tmp_path)


@pytest.mark.parametrize("code", [429, 503])
def test_retry_after_is_honoured(server, tmp_path, code):
    delays: list[float] = []
    url = server.route(DOC, "en", retry_later(code, "2"), page())
    with download.new_session() as session:
        record = download.download(session, url, tmp_path / "page.html", retries=1, backoff=0.001,
                                   timeout=2.0, progress=False, sleep=delays.append)
    assert delays == [2.0] and record["bytes"] == len(PAGE) and server.hits() == 2


def test_a_retry_after_past_the_cap_fails_at_once(server, tmp_path):
    server.route(DOC, "en", retry_later(429, "3600"), page())
    start = time.monotonic()
    row = only_row(run_fetch(server, tmp_path, retries=3, max_retry_after=60))
    assert time.monotonic() - start < 2
    assert row["status"] == "failed" and server.hits() == 1
    assert "wait 3600 s" in row["message"] and "--max-retry-after 60 s" in row["message"]
    assert_no_partials(tmp_path)


def test_retry_after_reads_seconds_and_http_dates():
    from datetime import datetime, timezone

    now = datetime(2099, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert download.retry_after("120", now) == 120.0
    assert download.retry_after("Thu, 01 Jan 2099 12:00:30 GMT", now) == 30.0
    assert download.retry_after("Thu, 01 Jan 2099 11:00:00 GMT", now) == 0.0
    assert download.retry_after("soon", now) is None and download.retry_after(None, now) is None
    assert download.retry_after("²", now) is None and download.retry_after("٣", now) is None  # digits not ASCII


def test_fetch_removes_what_an_interrupted_run_left(server, tmp_path):
    stale = tmp_path / f".{DOC}_EN.html.x1y2z3.part"
    stale.write_bytes(b"<html>half a page")
    server.route(DOC, "en", page())
    assert only_row(run_fetch(server, tmp_path))["status"] == "downloaded"
    assert not stale.exists()
    assert_no_partials(tmp_path)


def test_a_page_never_stands_without_its_record(server, tmp_path, monkeypatch):
    """The record is written before the page is moved into place. A run that dies in between (here:
    the move fails as if the process were killed) leaves a record and a staged .part file, no page;
    the next run finds the staged page matching its record and moves it into place, without
    downloading it again."""
    server.route(DOC, "en", page())
    page_path = tmp_path / f"{DOC}_EN.html"

    def killed(staged, path):
        raise KeyboardInterrupt  # not caught per document, like a signal

    monkeypatch.setattr(fetch, "_place", killed)
    with pytest.raises(KeyboardInterrupt):
        run_fetch(server, tmp_path)
    assert not page_path.exists() and provenance.record_path(page_path).exists()
    monkeypatch.undo()
    row = only_row(run_fetch(server, tmp_path))
    assert row["status"] == "present" and server.hits() == 1
    assert provenance.verify(page_path) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == [page_path.name, provenance.record_path(page_path).name]


# --- identity: the page must be the document and language asked for ---------------------------


def test_a_wrong_document_is_refused_and_nothing_is_written(server, tmp_path):
    server.route(OTHER, "en", page())  # DOC's page served at OTHER's address
    row = only_row(run_fetch(server, tmp_path, OTHER))
    assert row["status"] == "failed"
    assert "wrong document: the page is P9_TA(2099)0001, not P9_TA(2099)0002 as requested" in row["message"]
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_language_is_refused_and_nothing_is_written(server, tmp_path):
    server.route(DOC, "bg", page())  # the English page served at the Bulgarian address
    row = only_row(run_fetch(server, tmp_path, languages=("bg",)))
    assert row["status"] == "failed" and "wrong language: the page is in EN, not BG as requested" in row["message"]
    assert list(tmp_path.iterdir()) == []


def test_the_right_document_passes_the_identity_check(server, tmp_path):
    server.route(THIRD, "en", page(page_of(THIRD)))
    assert only_row(run_fetch(server, tmp_path, THIRD))["status"] == "downloaded"


def test_a_joint_motion_at_an_adopted_text_address_is_refused(server, tmp_path):
    # The SYNTHETIC joint motion's page names the adopted text P10_TA(2099)0096 in its navigation;
    # served at that adopted text's address it is still the joint motion, and data/raw is unchanged.
    good_download(server, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    motion = (Path(__file__).parent / "fixtures" / "synthetic_kinds" / "synthetic_RC_EN.html").read_bytes()
    server.route("TA-10-2099-0096", "en", page(motion))
    row = only_row(run_fetch(server, tmp_path, "TA-10-2099-0096"))
    assert row["status"] == "failed"
    assert "wrong document: the page is RC-B10-0249/2099, not P10_TA(2099)0096 as requested" in row["message"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    # Without its title bar the page names no reference of its own, but its heading still says joint motion.
    untitled = motion.replace(b"<span class=\"es_title-h3 text-nowrap\"> - RC-B10-0249/2099</span>", b"")
    server.route("TA-10-2099-0096", "en", page(untitled))
    row = only_row(run_fetch(server, tmp_path, "TA-10-2099-0096"))
    assert row["status"] == "failed" and "wrong document: the page is of kind RC, not P10_TA(2099)0096" \
        in row["message"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("command", ["fetch", "discover"])
@pytest.mark.parametrize(("option", "value", "kind"), [
    ("--timeout", "nan", "timeout_seconds"), ("--backoff", "inf", "seconds"), ("--max-retry-after", "nan", "seconds"),
    ("--timeout", "-1", "timeout_seconds"), ("--timeout", "0", "timeout_seconds")])
def test_seconds_that_are_no_finite_number_are_a_usage_error(tmp_path, command, option, value, kind):
    # NaN passed "timeout <= 0" and disabled the cap on Retry-After; inf slept a minute; discover passed a
    # timeout of 0 to requests (an internal error): refused at once. The command is kept off the network
    # should the check ever go: --offline for fetch, an --api on a closed port for discover.
    local = ["--offline"] if command == "fetch" else ["--api", f"http://127.0.0.1:{closed_port()}", "--retries", "0",
                                                      "--out", str(tmp_path / "r.csv")]
    result = run_cli(command, option, value, *local, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    assert f"argument {option}: invalid {kind} value: '{value}'" in result.stderr


def test_a_second_run_into_the_same_folder_waits_for_the_first(server, tmp_path):
    # Two runs into one folder: the second's clean-up of what an interrupted run left would remove the
    # first's temporary files. Here this test holds the folder's lock as a first run would: the second
    # run asks nothing and writes nothing until it is released, then fetches as usual.
    from analysis import atomic

    server.route(DOC, "en", page())
    dest = tmp_path / "raw"
    result: dict[str, pd.DataFrame] = {}
    with atomic.locked(dest):
        (dest / f"{DOC}_EN.html.part").write_bytes(b"synthetic: the first run's download, half-way")
        second = threading.Thread(target=lambda: result.update(rows=run_fetch(server, dest)))
        second.start()
        second.join(timeout=1.0)
        assert second.is_alive() and server.hits() == 0  # waiting, not asking
        assert (dest / f"{DOC}_EN.html.part").exists()  # the first run's file left alone meanwhile
        (dest / f"{DOC}_EN.html.part").unlink()  # the first run ends
    second.join(timeout=30)
    assert only_row(result["rows"])["status"] == "downloaded" and server.hits() == 1
