"""Shared fixtures and helpers: gold evaluation of the sample and hand-written articles with hand-made
mentions (``gold_eval``), the ``gold_id`` parametrisation, the ``slow``/``e2e`` markers, and store fixtures.

Hand-made mentions keep quote/claim/join tests independent of the gazetteer and the place finder: the
table's surfaces are found in an article's text (whole words, longest first, no overlaps).

``postgres_server``: a throwaway PostgreSQL + PostGIS server on loopback (initdb into a temporary folder,
pg_ctl on a free port), one per test session; ``pg_url``: a fresh database on it for one test. Without
the Debian binaries the PostgreSQL tests skip with the reason, except when ``FRONTLINE_REQUIRE_POSTGRES=1``
(set by ``.ci/run``): then they fail, so CI never passes without having run them.
"""

from __future__ import annotations

import glob
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest

from geo.extract.claims import find_claims
from geo.extract.speech.quotes import find_quotes
from geo.geocoders.cache import GeocodeCache
from geo.geocoders.online import OnlineFallback
from geo.ingest import read_article
from geo.records import Article, Claim, Mention, Quote
from geo.text.sentences import Sentence, sentence_index, split_sentences

# surface → (place_id, kind, metonymic)
SAMPLE_PLACES: dict[str, tuple[str, str, bool]] = {
    "Kharkiv region": ("gn:kharkiv-oblast", "region", False),
    "Kharkiv province": ("gn:kharkiv-oblast", "region", False),
    "Kharkiv Oblast": ("gn:kharkiv-oblast", "region", False),
    "Kharkiv": ("gn:kharkiv", "settlement", False),
    "Kherson": ("gn:kherson", "settlement", False),
    "Donbass": ("gn:donbas", "region", False),
    "Donbas": ("gn:donbas", "region", False),
    "Balakliia": ("gn:balakliia", "settlement", False),
    "Balaklia": ("gn:balakliia", "settlement", False),
    "Izyum": ("gn:izium", "settlement", False),
    "Izium": ("gn:izium", "settlement", False),
    "Dnipro River": ("gn:dnipro-river", "river", False),
    "Ukraine": ("gn:ukraine", "country", False),
    "Germany": ("gn:germany", "country", False),
    "Kyiv": ("gn:kyiv", "settlement", True),
    "Moscow": ("gn:moscow", "settlement", True),
    "Washington": ("gn:washington", "settlement", True),
    "Bayrak": ("gn:bayrak", "settlement", False),
    "Ramstein Air Base": ("gn:ramstein", "facility", False),
    "Kupyansk": ("gn:kupiansk", "settlement", False),
    "Kupiansk": ("gn:kupiansk", "settlement", False),
    "Prague": ("gn:prague", "settlement", False),
    "Brussels": ("gn:brussels", "settlement", False),
    # places of the hand-written generality paragraphs
    "Vovchansk": ("gn:vovchansk", "settlement", False),
    "Hrakove": ("gn:hrakove", "settlement", False),
    "Chuhuiv": ("gn:chuhuiv", "settlement", False),
    "Lyman": ("gn:lyman", "settlement", False),
    "Sviatohirsk": ("gn:sviatohirsk", "settlement", False),
    "Donetsk": ("gn:donetsk", "settlement", False),
    "Shevchenkove": ("gn:shevchenkove", "settlement", False),
    "Kreminna": ("gn:kreminna", "settlement", False),
    "Oskil River": ("gn:oskil-river", "river", False),
    # places of the hand-written articles on the southern front and around Lyman
    "Kherson Oblast": ("gn:kherson-oblast", "region", False),
    "Kherson region": ("gn:kherson-oblast", "region", False),
    "Mykhailivka": ("gn:mykhailivka", "settlement", False),
    "Zolota Balka": ("gn:zolota-balka", "settlement", False),
    "Davydiv Brid": ("gn:davydiv-brid", "settlement", False),
    "Nova Kakhovka": ("gn:nova-kakhovka", "settlement", False),
    "Mykolaiv": ("gn:mykolaiv", "settlement", False),
    "Oleshky": ("gn:oleshky", "settlement", False),
    "Hola Prystan": ("gn:hola-prystan", "settlement", False),
    "Dudchany": ("gn:dudchany", "settlement", False),
    "Mylove": ("gn:mylove", "settlement", False),
    "Torske": ("gn:torske", "settlement", False),
    "Zarichne": ("gn:zarichne", "settlement", False),
    "Sloviansk": ("gn:sloviansk", "settlement", False),
}


def place_kinds(table: dict[str, tuple[str, str, bool]] = SAMPLE_PLACES) -> dict[str, str]:
    """place_id → kind for the table."""
    return {pid: kind for pid, kind, _ in table.values()}


def mentions_for(
    article: Article,
    sentences: Sequence[Sentence],
    table: dict[str, tuple[str, str, bool]] = SAMPLE_PLACES,
) -> list[Mention]:
    """Mentions of every table surface in the article text (whole words, longest surface first)."""
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for surface in sorted(table, key=len, reverse=True):
        pid, _, metonymic = table[surface]
        for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", article.text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(
                Mention(
                    article_id=article.article_id,
                    start=m.start(),
                    end=m.end(),
                    surface=m.group(),
                    place_id=pid,
                    metonymic=metonymic,
                    confidence=1.0,
                    sentence=sentence_index(list(sentences), m.start()),
                )
            )
    return sorted(found, key=lambda m: m.start)


ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
SAMPLE_IDS = ("2022-09-08-kharkiv-counteroffensive", "2022-09-09-kupyansk-outskirts")
HANDWRITTEN_IDS = (
    "2022-09-12-vovchansk-izium",
    "2022-09-13-hrakove-lyman",
    "2022-10-03-torske-lyman",
    "2022-10-04-dudchany-mykolaiv",
)


@dataclass
class Extracted:
    article: Article
    sentences: list[Sentence]
    mentions: list[Mention]
    quotes: list[Quote]
    claims: list[Claim]


def article_path(article_id: str) -> Path:
    for folder in (ROOT / "geo" / "data" / "articles", ROOT / "tests" / "data" / "handwritten"):
        path = folder / f"{article_id}.md"
        if path.exists():
            return path
    raise FileNotFoundError(article_id)


def extract(article_id: str) -> Extracted:
    article = read_article(article_path(article_id))
    sentences = split_sentences(article.text)
    mentions = mentions_for(article, sentences)
    quotes = find_quotes(article, sentences, mentions)
    claims = find_claims(article, sentences, mentions, quotes, place_kinds=place_kinds())
    return Extracted(article, sentences, mentions, quotes, claims)


def gold(article_id: str, what: str) -> dict:
    return json.loads((GOLD / f"{article_id}.{what}.json").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    return " ".join(re.sub(r"[“”\"‘’']", "'", text).split()).casefold()


def quote_matches(found: Quote, expected: dict) -> list[str]:
    """Differences between a found quote and a gold quote (empty when it matches)."""
    problems = []
    if norm(found.speaker) != norm(expected["speaker"]):
        problems.append(f"speaker {found.speaker!r} != {expected['speaker']!r}")
    if found.affiliation != expected["affiliation"]:
        problems.append(f"side {found.affiliation!r} != {expected['affiliation']!r}")
    if found.date != expected["date"]:
        problems.append(f"date {found.date!r} != {expected['date']!r}")
    if "role" in expected and norm(found.role) != norm(expected["role"]):
        problems.append(f"role {found.role!r} != {expected['role']!r}")
    return problems


def find_quote(quotes: list[Quote], text: str) -> Quote | None:
    return next((q for q in quotes if norm(text) in norm(q.text)), None)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.01 * max(1.0, abs(b))


def claim_matches(found: Claim, expected: dict) -> bool:
    return (
        found.kind == expected["kind"]
        and _close(found.value_min, expected["value_min"])
        and _close(found.value_max, expected["value_max"])
        and found.unit == expected["unit"]
        and list(found.place_ids) == expected["place_ids"]
        and found.holder == expected["holder"]
        and found.date == expected["date"]
        and norm(found.claimant) == norm(expected["claimant"])
        and found.affiliation == expected["affiliation"]
        and (found.quote_id is not None) == expected["from_quote"]
    )


def score_claims(claims: list[Claim], expected: list[dict]) -> tuple[list[dict], list[Claim]]:
    """(required gold claims not found, found claims that match no gold claim)."""
    missing = [e for e in expected if e["required"] and not any(claim_matches(c, e) for c in claims)]
    extra = [c for c in claims if not any(claim_matches(c, e) for e in expected)]
    return missing, extra


GOLD_EVAL = SimpleNamespace(
    ROOT=ROOT,
    GOLD=GOLD,
    SAMPLE_IDS=SAMPLE_IDS,
    HANDWRITTEN_IDS=HANDWRITTEN_IDS,
    SAMPLE_PLACES=SAMPLE_PLACES,
    Extracted=Extracted,
    article_path=article_path,
    extract=extract,
    gold=gold,
    norm=norm,
    quote_matches=quote_matches,
    find_quote=find_quote,
    claim_matches=claim_matches,
    score_claims=score_claims,
    mentions_for=mentions_for,
    place_kinds=place_kinds,
)


@pytest.fixture(scope="session")
def gold_eval() -> SimpleNamespace:
    """The gold-evaluation helpers (sample and hand-written articles, hand-made mentions)."""
    return GOLD_EVAL


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``gold_id``: every article with gold (sample and hand-written)."""
    if "gold_id" in metafunc.fixturenames:
        metafunc.parametrize("gold_id", SAMPLE_IDS + HANDWRITTEN_IDS)


# -- a fake Nominatim on loopback, for the online fallback (tests/test_geocoders.py, test_pipeline.py) ------


@dataclass
class Recorded:
    path: str
    params: dict[str, list[str]]
    user_agent: str
    at: float  # server-side monotonic time the request arrived


def nominatim_result(name: str, *, osm_id: int = 4242, lat: float = 49.6, lon: float = 36.9) -> dict:
    return {
        "place_id": 1,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
        "osm_type": "node",
        "osm_id": osm_id,
        "lat": str(lat),
        "lon": str(lon),
        "class": "place",
        "type": "village",
        "addresstype": "village",
        "place_rank": 19,
        "importance": 0.2,
        "name": name,
        "display_name": f"{name}, Kharkiv Oblast, Ukraine",
        "address": {"village": name, "state": "Kharkiv Oblast", "country": "Ukraine", "country_code": "ua"},
        "extratags": {"population": "312"},
        "boundingbox": [str(lat - 0.01), str(lat + 0.01), str(lon - 0.01), str(lon + 0.01)],
    }


@dataclass
class FakeNominatim:
    """A loopback HTTP server that answers /search according to ``mode`` and records every request."""

    mode: str = "ok"
    requests: list[Recorded] = field(default_factory=list)
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> FakeNominatim:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                url = urlparse(self.path)
                params = parse_qs(url.query)
                fake.requests.append(
                    Recorded(url.path, params, self.headers.get("User-Agent", ""), time.monotonic())
                )
                mode = fake.mode
                if mode == "ok":
                    self._json(200, [nominatim_result(params.get("q", ["?"])[0])])
                elif mode == "empty" or (mode == "abroad" and "countrycodes" in params):
                    self._json(200, [])
                elif mode == "abroad":
                    self._json(200, [nominatim_result(params.get("q", ["?"])[0])])
                elif mode == "429":
                    self._json(429, {"error": "Too many requests"}, {"Retry-After": "120"})
                elif mode in {"403", "500", "503"}:
                    self._json(int(mode), {"error": "fault injected"})
                elif mode == "garbage":
                    self._raw(200, b"<html>proxy error</html>", "text/html")
                elif mode == "slow":
                    time.sleep(3.0)
                    self._json(200, [nominatim_result("late")])
                elif mode == "trickle":
                    body = json.dumps([nominatim_result("late")]).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    for i in range(0, min(len(body), 40)):  # one byte every 0.1 s: never a socket timeout
                        try:
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(0.1)
                else:  # pragma: no cover - a typo in a test
                    self._json(500, {"error": f"unknown mode {mode}"})

            def _json(self, status: int, payload: object, headers: dict[str, str] | None = None) -> None:
                self._raw(status, json.dumps(payload).encode(), "application/json", headers)

            def _raw(
                self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
            ) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    for key, value in (headers or {}).items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (timeout): expected in fault tests

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@pytest.fixture
def fake() -> Iterator[FakeNominatim]:
    server = FakeNominatim().start()
    yield server
    server.stop()


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[GeocodeCache]:
    with GeocodeCache(tmp_path / "geocode-cache.sqlite3") as c:
        yield c


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then closed): connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_fallback(cache: GeocodeCache, domain: str, **overrides: object) -> OnlineFallback:
    """Fault-test settings: short timeouts and delays so the suite stays fast; never a remote host."""
    settings: dict[str, object] = dict(
        enabled=True,
        cache=cache,
        domain=domain,
        scheme="http",
        timeout=0.5,
        budget_seconds=1.0,
        max_retries=0,
        error_wait_seconds=0.05,
        min_delay_seconds=0.05,
        breaker_threshold=3,
        breaker_cooldown=60.0,
        contact="analyst@example.org",
        proxies={},
    )
    settings.update(overrides)
    return OnlineFallback(**settings)  # type: ignore[arg-type]


NOMINATIM = SimpleNamespace(
    FakeNominatim=FakeNominatim,
    Recorded=Recorded,
    closed_port=closed_port,
    make_fallback=make_fallback,
    nominatim_result=nominatim_result,
)


@pytest.fixture(scope="session")
def nominatim() -> SimpleNamespace:
    """Fake-Nominatim helpers: ``FakeNominatim``, ``closed_port``, ``make_fallback``, ``nominatim_result``."""
    return NOMINATIM


@pytest.fixture(scope="module")
def record():  # type: ignore[no-untyped-def]
    """The derived DeepStateMap record (skips when geo/data/control is missing)."""
    from geo.control import ControlRecord, ControlRecordError

    try:
        return ControlRecord.load()
    except ControlRecordError:
        pytest.skip("no derived control record in geo/data/control")


# ------------------------------------------------------------------------------ PostgreSQL + PostGIS

REQUIRE_POSTGRES = "FRONTLINE_REQUIRE_POSTGRES"


@dataclass
class PostgresServer:
    """A running throwaway server; ``new_database()`` gives the URL of a fresh PostGIS-enabled database."""

    port: int
    template: str = "frontline_template"
    _counter: itertools.count = itertools.count(1)  # noqa: RUF009 - one counter per session is the intent

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"t{os.getpid()}_{next(self._counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {self.template}')
        return self.url(name)


def _postgres_bin() -> Path | None:
    """Debian's versioned bin folder (newest), else wherever ``initdb`` is on PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_POSTGRES) == "1":
        pytest.fail(f"{reason} ({REQUIRE_POSTGRES}=1: the PostgreSQL tests must run here)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server():
    bin_dir = _postgres_bin()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        _unavailable("PostgreSQL binaries not found (apt-get install postgresql postgis)")
    version = bin_dir.parent.name
    if not glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control") and not glob.glob(
        str(bin_dir.parent / "share/**/postgis.control"), recursive=True
    ):
        _unavailable(f"PostGIS for PostgreSQL {version} not installed (apt-get install postgis)")
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e .)")
    root = Path(tempfile.mkdtemp(prefix="frontline-pg-"))
    data, log = root / "data", root / "server.log"
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the packages' postgres user
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)  # noqa: E731
    try:
        run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=50"
        run(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start"
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"cannot start a PostgreSQL server: {detail.decode(errors='replace').strip()[:300]}")
    server = PostgresServer(port)
    try:
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {server.template}")
        with psycopg.connect(server.url(server.template), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        yield server
    finally:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
        )
        time.sleep(0.1)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(postgres_server):
    """A fresh, empty PostGIS database for one test."""
    return postgres_server.new_database()


# ------------------------------------------------------------------------------ headless Chromium


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium under Playwright, one per test module (skips when Chromium is missing)."""
    from geo.app.serve import CHROMIUM_ARGS, chromium_path

    if not Path(chromium_path()).is_file():
        pytest.skip(f"no Chromium at {chromium_path()} (set FRONTLINE_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()
