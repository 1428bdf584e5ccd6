"""Geocoders: the gazetteer as a geopy geocoder, the on-disk cache, and the online fallback under faults.

The online tests run against a fake Nominatim on 127.0.0.1 (http.server in a thread on an ephemeral port);
no test contacts a remote host. Faults injected: 429, 403, 500, 503, malformed JSON, a slow answer, a
trickling answer, a refused connection.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.gazetteer.build import KINDS
from geo.geocoders.cache import GeocodeCache, default_cache_path
from geo.geocoders.offline import POINT_KINDS, GazetteerGeocoder, haversine_km
from geo.geocoders.online import (
    CircuitBreaker,
    kind_from_nominatim,
    place_from_nominatim,
    resolve_unresolved,
)
from geo.records import Mention, Place

# -- fake Nominatim -----------------------------------------------------------------------------------------


# -- the gazetteer as a geopy geocoder --------------------------------------------------------------------


@pytest.fixture(scope="module")
def geocoder() -> GazetteerGeocoder:
    return GazetteerGeocoder()


def test_gazetteer_geocoder_is_a_geopy_geocoder(geocoder: GazetteerGeocoder) -> None:
    assert isinstance(geocoder, Geocoder)
    izium = geocoder.geocode("Izium")
    assert isinstance(izium, Location)
    assert izium.latitude == pytest.approx(49.21, abs=0.02) and izium.longitude == pytest.approx(
        37.26, abs=0.03
    )
    assert izium.address.endswith("Ukraine")
    assert izium.raw["place_id"].startswith("gn:") and izium.raw["kind"] == "settlement"
    assert izium.raw["country_code"] == "UA"
    assert geocoder.geocode("Qwertyvka Zzyx") is None


def test_renamed_and_transliterated_spellings_meet(geocoder: GazetteerGeocoder) -> None:
    kyiv, kiev = geocoder.geocode("Kyiv"), geocoder.geocode("Kiev")
    assert kyiv is not None and kiev is not None
    assert kyiv.raw["place_id"] == kiev.raw["place_id"]
    assert kyiv.latitude == pytest.approx(50.45, abs=0.05) and kyiv.longitude == pytest.approx(
        30.52, abs=0.05
    )
    assert geocoder.geocode("Izyum").raw["place_id"] == geocoder.geocode("Izium").raw["place_id"]


def test_exactly_one_false_ranks_homonyms_by_population(geocoder: GazetteerGeocoder) -> None:
    results = geocoder.geocode("Balakliya", exactly_one=False)
    assert isinstance(results, list) and len(results) >= 2
    populations = [loc.raw["population"] for loc in results]
    assert populations == sorted(populations, reverse=True)
    assert results[0].raw["admin1"] == "Kharkiv Oblast"  # the town of 26k, not the Poltava village
    assert geocoder.geocode("Balakliya").raw == results[0].raw


def test_qualifiers_narrow_candidates(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.geocode("Izium, Ukraine").raw["place_id"] == geocoder.geocode("Izium").raw["place_id"]
    assert geocoder.geocode("Izium, UA").raw["place_id"] == geocoder.geocode("Izium").raw["place_id"]
    assert geocoder.geocode("Izium, France") is None
    assert geocoder.geocode("Balakliya, Poltava Oblast").raw["admin1"] == "Poltava Oblast"
    assert geocoder.geocode("Balakliya, Poltava region").raw["admin1"] == "Poltava Oblast"
    paris_fr, paris_us = geocoder.geocode("Paris, France"), geocoder.geocode("Paris", country_codes=["US"])
    assert paris_fr.raw["country_code"] == "FR" and paris_us.raw["country_code"] == "US"


def test_reverse_finds_the_nearest_settlement(geocoder: GazetteerGeocoder) -> None:
    balakliya = geocoder.geocode("Balakliya")
    near = geocoder.reverse((balakliya.latitude + 0.01, balakliya.longitude - 0.01))
    assert near.raw["place_id"] == balakliya.raw["place_id"]
    assert 0 < near.raw["distance_km"] < 2.0
    several = geocoder.reverse(f"{balakliya.latitude}, {balakliya.longitude}", exactly_one=False, limit=5)
    distances = [loc.raw["distance_km"] for loc in several]
    assert len(several) == 5 and distances == sorted(distances) and distances[0] == pytest.approx(0, abs=0.01)


def test_reverse_box_search_agrees_with_brute_force(geocoder: GazetteerGeocoder) -> None:
    g = geocoder.gazetteer
    rows = np.flatnonzero(np.isin(np.asarray(g.kind), [KINDS.index(k) for k in POINT_KINDS]))
    lats, lons = np.asarray(g.lat, dtype=np.float64)[rows], np.asarray(g.lon, dtype=np.float64)[rows]
    rng = np.random.default_rng(7)
    points = [(49.5, 36.9), (0.0, -30.0), (64.0, 179.9), (-45.0, 170.0), (78.0, 15.0)]
    points += [(float(rng.uniform(-60, 75)), float(rng.uniform(-180, 180))) for _ in range(20)]
    for lat, lon in points:
        dist = haversine_km(lat, lon, lats, lons)
        first = np.argpartition(dist, 8)[:8]
        expected = first[np.lexsort((rows[first], dist[first]))][:3]
        got = [place.place_id for place, _ in geocoder.nearest(lat, lon, limit=3)]
        assert got == [g.place_id(int(rows[i])) for i in expected], (lat, lon)


def test_online_fallback_only_for_names_the_gazetteer_lacks(
    geocoder: GazetteerGeocoder,
    cache: GeocodeCache,
    fake: Any,
    nominatim: Any,
) -> None:
    online = GazetteerGeocoder(geocoder.gazetteer, fallback=nominatim.make_fallback(cache, fake.domain))
    assert online.geocode("Izium").raw["source"] == "geonames"
    assert online.geocode("Izium, France") is None  # known offline: no online second opinion
    assert fake.requests == []
    unknown = online.geocode("Qwertyvka Zzyx")
    assert unknown is not None and unknown.raw["source"] == "nominatim" and unknown.raw["confidence"] == 0.5
    assert len(fake.requests) == 1


# -- cache --------------------------------------------------------------------------------------------------


class FakeClock:
    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_cache_ttls_by_kind_of_entry(tmp_path: Path) -> None:
    clock = FakeClock()
    c = GeocodeCache(tmp_path / "c.sqlite3", clock=clock)
    c.put_found("svc", "Izium", {"cc": ["ua"]}, {"name": "Izium"})
    c.put_not_found("svc", "Nowhere", None)
    c.put_failure("svc", "Bayrak", None, "GeocoderTimedOut: timed out")
    # keys are normalised: case and spacing do not matter, params do
    assert c.get("svc", "  izium ", {"cc": ["ua"]}).value == {"name": "Izium"}
    assert c.get("svc", "Izium", None) is None
    assert c.get("svc", "NOWHERE").status == "not_found"
    assert c.get("svc", "Bayrak").status == "failed"
    clock.now += 601  # failures live minutes
    assert c.get("svc", "Bayrak") is None
    assert c.get("svc", "Nowhere") is not None
    clock.now += 8 * 86_400  # "not found" lives days
    assert c.get("svc", "Nowhere") is None
    assert c.get("svc", "izium", {"cc": ["ua"]}) is not None
    clock.now += 90 * 86_400  # answers live months
    assert c.get("svc", "izium", {"cc": ["ua"]}) is None
    assert c.purge_expired() == 3
    c.close()


def test_cache_failure_never_overwrites_an_answer(cache: GeocodeCache) -> None:
    cache.put_found("svc", "Izium", None, {"name": "Izium"})
    cache.put_failure("svc", "Izium", None, "GeocoderUnavailable")
    assert cache.get("svc", "Izium").status == "found"


def test_cache_is_persistent_wal_and_thread_safe(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    c = GeocodeCache(path)

    def writer(n: int) -> None:
        for i in range(50):
            c.put_found("svc", f"name {n} {i}", None, {"i": i})
            assert c.get("svc", f"name {n} {i}").value == {"i": i}

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    c.close()
    reopened = GeocodeCache(path)
    assert len(reopened) == 400
    reopened.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cache_default_path_follows_frontline_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path / "data"))
    assert default_cache_path() == tmp_path / "data" / "geocode-cache.sqlite3"
    with GeocodeCache() as c:
        c.put_not_found("svc", "x", None)
    assert (tmp_path / "data" / "geocode-cache.sqlite3").exists()


# -- Nominatim answers → Place ------------------------------------------------------------------------------


def test_place_from_nominatim_maps_ids_kinds_and_context(nominatim: Any) -> None:
    place = place_from_nominatim(nominatim.nominatim_result("Bayrak", osm_id=77))
    assert place == Place(
        place_id="osm:N77",
        name="Bayrak",
        kind="settlement",
        country_code="UA",
        lat=49.6,
        lon=36.9,
        source="nominatim",
        confidence=0.5,
        admin1="Kharkiv Oblast",
        population=312,
    )
    assert kind_from_nominatim({"class": "waterway", "type": "river"}) == "river"
    assert (
        kind_from_nominatim({"class": "boundary", "type": "administrative", "addresstype": "state"})
        == "region"
    )
    assert kind_from_nominatim({"class": "place", "type": "country"}) == "country"
    assert kind_from_nominatim({"class": "power", "type": "plant"}) == "facility"
    assert kind_from_nominatim({"class": "highway", "type": "residential"}) == "other"


# -- online fallback: normal operation ----------------------------------------------------------------------


def test_disabled_by_default_and_enabled_by_env(
    cache: GeocodeCache,
    fake: Any,
    monkeypatch: pytest.MonkeyPatch,
    nominatim: Any,
) -> None:
    monkeypatch.delenv("FRONTLINE_ONLINE_GEOCODER", raising=False)
    off = nominatim.make_fallback(cache, fake.domain, enabled=None)
    assert not off.enabled
    assert off.lookup("Bayrak") is None
    assert fake.requests == []
    assert "off" in off.status.summary()
    monkeypatch.setenv("FRONTLINE_ONLINE_GEOCODER", "1")
    assert nominatim.make_fallback(cache, fake.domain, enabled=None).enabled


def test_lookup_sends_real_user_agent_and_caches_answers(
    cache: GeocodeCache, fake: Any, nominatim: Any
) -> None:
    fb = nominatim.make_fallback(cache, fake.domain)
    place = fb.lookup("Bayrak", country_codes=["UA"], viewbox=((49.0, 36.0), (50.0, 38.0)))
    assert place is not None and place.place_id == "osm:N4242" and place.source == "nominatim"
    assert len(fake.requests) == 1
    request = fake.requests[0]
    assert request.path == "/search"
    assert request.user_agent.startswith("frontline-claims/")
    assert request.user_agent.endswith("(+analyst@example.org)")
    assert "geopy" not in request.user_agent.lower()
    assert request.params["q"] == ["Bayrak"]
    assert request.params["countrycodes"] == ["ua"]
    assert request.params["viewbox"] == ["36.0,49.0,38.0,50.0"]  # Nominatim's lon,lat order
    # the same question again (any case/spacing) is answered from disk
    again = fb.lookup(" bayrak", country_codes=["ua"], viewbox=((49.0, 36.0), (50.0, 38.0)))
    assert again == place
    assert len(fake.requests) == 1
    status = fb.status
    assert (status.lookups, status.found, status.cache_hits, status.failures) == (1, 1, 1, 0)
    # and survives a restart (a new object over the same file)
    fresh = nominatim.make_fallback(cache, fake.domain)
    assert fresh.lookup("Bayrak", country_codes=["ua"], viewbox=((49.0, 36.0), (50.0, 38.0))) == place
    assert len(fake.requests) == 1


def test_not_found_is_cached_as_a_negative_answer(cache: GeocodeCache, fake: Any, nominatim: Any) -> None:
    fake.mode = "empty"
    fb = nominatim.make_fallback(cache, fake.domain)
    assert fb.lookup_with_outcome("Qwertyvka") == (None, "not_found")
    assert fb.lookup_with_outcome("Qwertyvka") == (None, "not_found")
    assert len(fake.requests) == 1
    assert fb.status.not_found == 1 and fb.status.failures == 0


def test_at_most_one_request_per_second_across_instances(
    cache: GeocodeCache, fake: Any, nominatim: Any
) -> None:
    """Nominatim's policy, checked on the server's side: arrival times of distinct lookups ≥ ~1 s apart."""
    a = nominatim.make_fallback(cache, fake.domain, min_delay_seconds=1.0, budget_seconds=3.0)
    b = nominatim.make_fallback(cache, fake.domain, min_delay_seconds=1.0, budget_seconds=3.0)
    for i, fb in enumerate([a, b, a]):
        assert fb.lookup(f"Name {i}") is not None
    arrivals = [r.at for r in fake.requests]
    assert len(arrivals) == 3
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:], strict=False)]
    assert min(gaps) >= 0.9, gaps


# -- online fallback: faults --------------------------------------------------------------------------------


def test_429_opens_the_breaker_at_once_and_is_logged(
    cache: GeocodeCache,
    fake: Any,
    caplog: pytest.LogCaptureFixture,
    nominatim: Any,
) -> None:
    fake.mode = "429"
    fb = nominatim.make_fallback(cache, fake.domain, max_retries=1)
    with caplog.at_level(logging.WARNING, logger="geo.geocoders.online"):
        assert fb.lookup_with_outcome("Bayrak") == (None, "failed")
    assert len(fake.requests) == 1  # a 429 is never retried
    assert "GeocoderRateLimited" in caplog.text and "offline result stands" in caplog.text
    status = fb.status
    assert status.breaker_open and status.breaker_reopens_in >= 60.0
    assert "paused" in status.summary()
    # any other name is not even tried while paused
    assert fb.lookup_with_outcome("Savyntsi") == (None, "paused")
    assert len(fake.requests) == 1 and fb.status.skipped == 1


def test_403_blocked_user_agent_pauses_lookups(cache: GeocodeCache, fake: Any, nominatim: Any) -> None:
    fake.mode = "403"
    fb = nominatim.make_fallback(cache, fake.domain)
    assert fb.lookup_with_outcome("Bayrak") == (None, "failed")
    assert fb.status.breaker_open and "GeocoderInsufficientPrivileges" in fb.status.last_error


@pytest.mark.parametrize("mode", ["500", "503"])
def test_server_errors_are_retried_once_then_open_the_breaker(
    cache: GeocodeCache,
    fake: Any,
    mode: str,
    caplog: pytest.LogCaptureFixture,
    nominatim: Any,
) -> None:
    fake.mode = mode
    fb = nominatim.make_fallback(cache, fake.domain, max_retries=1, breaker_threshold=2, budget_seconds=2.0)
    with caplog.at_level(logging.INFO, logger="geo.geocoders.online"):
        assert fb.lookup_with_outcome("Name A") == (None, "failed")
        assert len(fake.requests) == 2  # one budget-aware retry of a transient error
        assert not fb.status.breaker_open
        assert fb.lookup_with_outcome("Name B") == (None, "failed")
    assert len(fake.requests) == 4
    assert fb.status.breaker_open and fb.status.failures == 2
    assert "retrying" in caplog.text and "paused" in caplog.text
    assert fb.lookup_with_outcome("Name C") == (None, "paused")
    assert len(fake.requests) == 4
    # the failures are cached briefly: asking again does not reach the server even after the breaker closes
    fb.breaker.record_success()
    assert fb.lookup_with_outcome("Name A") == (None, "cached_failure")
    assert len(fake.requests) == 4


def test_malformed_answer_is_a_logged_failure(
    cache: GeocodeCache,
    fake: Any,
    caplog: pytest.LogCaptureFixture,
    nominatim: Any,
) -> None:
    fake.mode = "garbage"
    fb = nominatim.make_fallback(cache, fake.domain)
    with caplog.at_level(logging.WARNING, logger="geo.geocoders.online"):
        assert fb.lookup("Bayrak") is None
    assert "GeocoderParseError" in caplog.text
    assert fb.status.failures == 1


def test_slow_server_hits_the_request_timeout(
    cache: GeocodeCache,
    fake: Any,
    caplog: pytest.LogCaptureFixture,
    nominatim: Any,
) -> None:
    fake.mode = "slow"  # sleeps 3 s before answering; the client's timeout is 0.5 s
    fb = nominatim.make_fallback(cache, fake.domain, timeout=0.5, budget_seconds=2.0)
    with caplog.at_level(logging.WARNING, logger="geo.geocoders.online"):
        assert fb.lookup_with_outcome("Bayrak") == (None, "failed")
    assert "GeocoderTimedOut" in fb.status.last_error
    assert "budget" not in fb.status.last_error  # the socket timeout fired, not the outer deadline
    assert "Bayrak" in caplog.text


def test_trickling_server_is_cut_by_the_lookup_budget(cache: GeocodeCache, fake: Any, nominatim: Any) -> None:
    fake.mode = "trickle"  # a byte every 0.1 s: each read succeeds, so only the outer budget can stop it
    fb = nominatim.make_fallback(cache, fake.domain, timeout=0.5, budget_seconds=1.0)
    assert fb.lookup_with_outcome("Bayrak") == (None, "failed")
    assert "no answer within the 1 s budget" in fb.status.last_error


def test_connection_refused_fails_fast_and_is_cached(cache: GeocodeCache, nominatim: Any) -> None:
    fb = nominatim.make_fallback(cache, f"127.0.0.1:{nominatim.closed_port()}")
    assert fb.lookup_with_outcome("Bayrak") == (None, "failed")
    assert "GeocoderUnavailable" in fb.status.last_error
    assert fb.lookup_with_outcome("Bayrak") == (None, "cached_failure")
    assert fb.status.requests == 1 and fb.status.cache_hits == 1


def test_breaker_half_opens_after_cooldown(cache: GeocodeCache, fake: Any, nominatim: Any) -> None:
    clock = FakeClock()
    fake.mode = "500"
    fb = nominatim.make_fallback(
        cache, fake.domain, breaker=CircuitBreaker(threshold=2, cooldown=300.0, clock=clock)
    )
    fb.lookup("A")
    fb.lookup("B")
    assert fb.lookup_with_outcome("C") == (None, "paused")
    clock.now += 301
    fake.mode = "ok"  # the service is back: one trial goes through and closes the breaker
    place, why = fb.lookup_with_outcome("C")
    assert why == "found" and place is not None
    assert not fb.status.breaker_open and fb.status.consecutive_failures == 0


def test_a_hung_request_does_not_block_cached_answers(cache: GeocodeCache, fake: Any, nominatim: Any) -> None:
    """Responsiveness: while one lookup waits on a trickling server, others answered from disk return."""
    fb = nominatim.make_fallback(cache, fake.domain, timeout=0.5, budget_seconds=2.0)
    assert fb.lookup("Bayrak") is not None  # now cached
    fake.mode = "trickle"
    outcome: list[tuple[object, str]] = []
    hung = threading.Thread(target=lambda: outcome.append(fb.lookup_with_outcome("Savyntsi")))
    hung.start()
    for _ in range(500):  # wait until the hung request has reached the server
        if len(fake.requests) >= 2:
            break
        time.sleep(0.01)
    assert len(fake.requests) == 2
    place, why = fb.lookup_with_outcome("Bayrak")
    assert why == "found" and place is not None
    assert hung.is_alive()  # the other lookup is still waiting for its budget to run out
    hung.join()
    assert outcome == [(None, "failed")]


def test_user_agent_names_the_product_version_and_contact(
    cache: GeocodeCache,
    fake: Any,
    monkeypatch: pytest.MonkeyPatch,
    nominatim: Any,
) -> None:
    monkeypatch.setenv("FRONTLINE_CONTACT", "https://example.org/contact")
    fb = nominatim.make_fallback(cache, fake.domain, contact=None)
    fb.lookup("Bayrak")
    agent = fake.requests[0].user_agent
    assert re.fullmatch(r"frontline-claims/\d+\.\d+\.\d+\S* \(\+https://example\.org/contact\)", agent), agent


# -- resolve_unresolved -------------------------------------------------------------------------------------

IZIUM = Place("gn:707753", "Izium", "settlement", "UA", 49.2103, 37.2563, "geonames", population=50_000)


def _mentions() -> list[Mention]:
    return [
        Mention("a1", 0, 5, "Izium", IZIUM.place_id, confidence=0.9),
        Mention("a1", 20, 26, "Bayrak", None),
        Mention("a1", 40, 46, "Bayrak", None),
        Mention("a2", 0, 6, "Bayrak", None),  # another article without context
    ]


def test_resolve_unresolved_fills_only_missing_ids_with_article_context(
    cache: GeocodeCache,
    fake: Any,
    nominatim: Any,
) -> None:
    fb = nominatim.make_fallback(cache, fake.domain)
    mentions = _mentions()
    resolved, places = resolve_unresolved(mentions, fb, places=[IZIUM])
    assert resolved[0] == mentions[0]  # untouched
    assert [m.place_id for m in resolved] == [IZIUM.place_id, "osm:N4242", "osm:N4242", "osm:N4242"]
    assert resolved[1].confidence == 0.5
    assert [p.place_id for p in places] == ["osm:N4242"]
    # one request per article context: a1 biased to its country and a box around Izium, a2 unbiased
    assert len(fake.requests) == 2
    biased = next(r for r in fake.requests if "countrycodes" in r.params)
    assert biased.params["countrycodes"] == ["ua"]
    west, south, east, north = map(float, biased.params["viewbox"][0].split(","))
    assert south < IZIUM.lat < north and west < IZIUM.lon < east


def test_resolve_unresolved_keeps_the_offline_result_when_the_network_is_down(
    cache: GeocodeCache, nominatim: Any
) -> None:
    fb = nominatim.make_fallback(cache, f"127.0.0.1:{nominatim.closed_port()}")
    mentions = _mentions()
    resolved, places = resolve_unresolved(mentions, fb, places=[IZIUM])
    assert resolved == mentions and places == []
    assert fb.status.requests == 1  # stops after the first failure: a dead network costs one bounded lookup


def test_resolve_unresolved_widens_when_not_found_in_the_article_countries(
    cache: GeocodeCache,
    fake: Any,
    nominatim: Any,
) -> None:
    fake.mode = "abroad"  # nothing inside the requested countries; found without the restriction
    fb = nominatim.make_fallback(cache, fake.domain)
    mentions = [Mention("a1", 0, 5, "Izium", IZIUM.place_id), Mention("a1", 9, 17, "Belgorod", None)]
    resolved, places = resolve_unresolved(mentions, fb, places=[IZIUM])
    assert resolved[1].place_id == "osm:N4242" and len(places) == 1
    assert ["countrycodes" in r.params for r in fake.requests] == [True, False]
    assert all("viewbox" in r.params for r in fake.requests)  # still biased towards the article's area
