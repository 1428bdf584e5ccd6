"""Opt-in online fallback: ask Nominatim (through geopy) about names the offline gazetteer cannot resolve.

Off unless ``FRONTLINE_ONLINE_GEOCODER=1`` or ``enabled=True``. Everything about it is defensive, because
the offline result must stand whatever the network does:

- Nominatim policy: a real User-Agent (``frontline-claims/<version> (+$FRONTLINE_CONTACT)``), at most one
  request per second for the whole process (one geopy ``RateLimiter`` shared per endpoint), every answer
  cached on disk (:class:`GeocodeCache`).
- Each lookup has a hard time budget (request timeout, at most ``max_retries`` budget-aware retries of
  transient errors, and a deadline enforced from outside the worker thread, so even a server that trickles
  bytes cannot hold the caller).
- Failures are logged (geopy's ``RateLimiter`` would otherwise turn them into a silent ``None``), cached for
  minutes, and counted by a circuit breaker that pauses all online lookups after repeated failures (or at
  once on 429/403).
- :attr:`OnlineFallback.status` records what happened, for the dashboard.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from typing import Any

from geopy.adapters import RequestsAdapter, URLLibAdapter
from geopy.exc import (
    GeocoderInsufficientPrivileges,
    GeocoderQueryError,
    GeocoderQuotaExceeded,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from geo.geocoders.cache import GeocodeCache, cache_key_query
from geo.geocoders.nominatim import (  # noqa: F401  (re-exported: the public names of the online fallback)
    ENV_CONTACT,
    ENV_ENABLE,
    ONLINE_CONFIDENCE,
    SERVICE,
    CircuitBreaker,
    FallbackStatus,
    _best,
    app_version,
    enabled_from_env,
    kind_from_nominatim,
    place_from_nominatim,
    user_agent,
)
from geo.records import Mention, Place

log = logging.getLogger(__name__)

DEFAULT_DOMAIN = "nominatim.openstreetmap.org"

Viewbox = tuple[tuple[float, float], tuple[float, float]]  # two (lat, lon) corners, as geopy takes it


# -- shared machinery ---------------------------------------------------------------------------------------

_LIMITERS: dict[tuple[str, float], RateLimiter] = {}
_SHARED_LOCK = threading.Lock()
_EXECUTOR: ThreadPoolExecutor | None = None


def _invoke(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    return fn(*args, **kwargs)


def _shared_limiter(endpoint: str, min_delay_seconds: float) -> RateLimiter:
    """One RateLimiter per endpoint for the whole process, so all OnlineFallback objects share the slot."""
    key = (endpoint, float(min_delay_seconds))
    with _SHARED_LOCK:
        limiter = _LIMITERS.get(key)
        if limiter is None:
            limiter = RateLimiter(
                _invoke,
                min_delay_seconds=min_delay_seconds,
                max_retries=0,  # retries are done by OnlineFallback, within the lookup's time budget
                error_wait_seconds=min_delay_seconds,
                swallow_exceptions=False,  # errors reach OnlineFallback, which logs and counts them
            )
            _LIMITERS[key] = limiter
        return limiter


def _executor() -> ThreadPoolExecutor:
    global _EXECUTOR
    with _SHARED_LOCK:
        if _EXECUTOR is None:
            _EXECUTOR = ThreadPoolExecutor(max_workers=4, thread_name_prefix="online-geocoder")
        return _EXECUTOR


def _adapter_factory(**kwargs: Any) -> Any:
    """geopy's requests adapter without urllib3's own connection retries (they would multiply the timeout)."""
    try:
        return RequestsAdapter(max_retries=0, **kwargs)
    except ImportError:
        return URLLibAdapter(**kwargs)


@dataclass
class _Outcome:
    raws: list[dict[str, Any]] | None = None
    error: BaseException | None = None


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, GeocoderQuotaExceeded | GeocoderQueryError | GeocoderInsufficientPrivileges):
        return False
    return isinstance(error, GeocoderTimedOut | GeocoderUnavailable) or type(error) is GeocoderServiceError


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:300] if text else type(error).__name__


# -- the fallback -------------------------------------------------------------------------------------------


class OnlineFallback:
    """Nominatim lookups for names the gazetteer cannot resolve: cached, rate-limited, bounded, logged."""

    def __init__(
        self,
        *,
        enabled: bool | None = None,
        cache: GeocodeCache | None = None,
        domain: str = DEFAULT_DOMAIN,
        scheme: str = "https",
        timeout: float = 2.0,
        budget_seconds: float = 5.0,
        max_retries: int = 1,
        error_wait_seconds: float = 1.0,
        min_delay_seconds: float = 1.0,
        breaker_threshold: int = 3,
        breaker_cooldown: float = 300.0,
        contact: str | None = None,
        proxies: dict[str, str] | None = None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.enabled = enabled_from_env() if enabled is None else enabled
        self.domain = domain
        self.scheme = scheme
        self.timeout = timeout
        self.budget_seconds = budget_seconds
        self.max_retries = max(0, max_retries)
        self.error_wait_seconds = error_wait_seconds
        self.user_agent = user_agent(contact)
        self.endpoint = f"{scheme}://{domain}"
        self.breaker = breaker or CircuitBreaker(breaker_threshold, breaker_cooldown)
        self._cache = cache
        self._lock = threading.Lock()
        self._counts = {
            k: 0 for k in ("lookups", "requests", "cache_hits", "found", "not_found", "failures", "skipped")
        }
        self._last_error = ""
        self._events: deque[str] = deque(maxlen=20)
        self._nominatim: Nominatim | None = None
        self._proxies = proxies
        self._limiter = _shared_limiter(self.endpoint, min_delay_seconds)
        if self.enabled and not os.environ.get(ENV_CONTACT) and contact is None:
            log.warning(
                "online geocoder enabled without %s: Nominatim asks for a contact in the User-Agent",
                ENV_CONTACT,
            )

    # -- public ----------------------------------------------------------------------------------------

    @property
    def cache(self) -> GeocodeCache:
        if self._cache is None:
            self._cache = GeocodeCache()
        return self._cache

    @property
    def status(self) -> FallbackStatus:
        with self._lock:
            return FallbackStatus(
                enabled=self.enabled,
                endpoint=self.endpoint,
                user_agent=self.user_agent,
                breaker_open=self.breaker.is_open,
                breaker_reopens_in=self.breaker.remaining(),
                consecutive_failures=self.breaker.consecutive_failures,
                last_error=self._last_error,
                events=tuple(self._events),
                **self._counts,
            )

    def lookup(
        self, name: str, *, country_codes: Iterable[str] | None = None, viewbox: Viewbox | None = None
    ) -> Place | None:
        """The best Nominatim place for ``name``, or None (disabled, not found, failed, or paused)."""
        return self.lookup_with_outcome(name, country_codes=country_codes, viewbox=viewbox)[0]

    def lookup_with_outcome(
        self, name: str, *, country_codes: Iterable[str] | None = None, viewbox: Viewbox | None = None
    ) -> tuple[Place | None, str]:
        """Like :meth:`lookup`, plus why: found, not_found, failed, cached_failure, paused or off."""
        query = " ".join(name.split())
        if not self.enabled:
            return None, "off"
        if not query:
            return None, "not_found"
        params = _params(country_codes, viewbox)
        entry = self.cache.get(SERVICE, query, params)
        if entry is not None:
            self._count("cache_hits")
            if entry.status == "found":
                return Place(**entry.value), "found"
            return None, "not_found" if entry.status == "not_found" else "cached_failure"
        if not self.breaker.allow():
            self._count("skipped")
            log.debug("online geocoder paused (%.0f s left): skipping %r", self.breaker.remaining(), query)
            return None, "paused"
        self._count("lookups")
        outcome = self._run_bounded(query, params)
        if outcome.error is not None:
            self._record_failure(query, params, outcome.error)
            return None, "failed"
        self.breaker.record_success()
        best = _best(outcome.raws or [])
        if best is None:
            self._count("not_found")
            self.cache.put_not_found(SERVICE, query, params)
            return None, "not_found"
        place = place_from_nominatim(best)
        self._count("found")
        self.cache.put_found(SERVICE, query, params, place.to_json())
        return place, "found"

    def close(self) -> None:
        if self._nominatim is not None:
            self._nominatim.adapter.__exit__(None, None, None)

    # -- internals -------------------------------------------------------------------------------------

    def _geocoder(self) -> Nominatim:
        with self._lock:
            if self._nominatim is None:
                self._nominatim = Nominatim(
                    user_agent=self.user_agent,
                    domain=self.domain,
                    scheme=self.scheme,
                    timeout=self.timeout,
                    proxies=self._proxies,
                    adapter_factory=_adapter_factory,
                )
            return self._nominatim

    def _run_bounded(self, query: str, params: dict[str, Any]) -> _Outcome:
        """Run the attempts in a worker and stop waiting at the budget, whatever the socket does."""
        deadline = time.monotonic() + self.budget_seconds
        future: Future[_Outcome] = _executor().submit(self._attempts, query, params, deadline)
        try:
            return future.result(timeout=self.budget_seconds)
        except FutureTimeout:
            future.cancel()
            return _Outcome(error=GeocoderTimedOut(f"no answer within the {self.budget_seconds:g} s budget"))

    def _attempts(self, query: str, params: dict[str, Any], deadline: float) -> _Outcome:
        geocoder = self._geocoder()
        outcome = _Outcome()
        for attempt in range(self.max_retries + 1):
            per_try = max(0.05, min(self.timeout, deadline - time.monotonic()))
            self._count("requests")
            try:
                result = self._limiter(
                    geocoder.geocode,
                    query,
                    exactly_one=False,
                    limit=5,
                    addressdetails=True,
                    extratags=True,
                    country_codes=params.get("country_codes") or None,
                    viewbox=params.get("viewbox"),
                    timeout=per_try,
                )
            except GeopyError as error:
                retry = (
                    _is_transient(error)
                    and attempt < self.max_retries
                    and deadline - time.monotonic() > self.error_wait_seconds + min(self.timeout, 0.5)
                )
                if not retry:
                    outcome.error = error
                    return outcome
                log.info("online geocoder: %s for %r; retrying", _describe(error), query)
                time.sleep(self.error_wait_seconds)
                continue
            except Exception as error:  # noqa: BLE001 - any adapter/parse surprise is a failed lookup
                outcome.error = error
                return outcome
            outcome.raws = [loc.raw for loc in result or []]
            return outcome
        return outcome  # pragma: no cover - the loop always returns

    def _record_failure(self, query: str, params: dict[str, Any], error: BaseException) -> None:
        text = _describe(error)
        self._count("failures")
        with self._lock:
            self._last_error = text
        log.warning("online geocoder failed for %r: %s (offline result stands)", query, text)
        self.cache.put_failure(SERVICE, query, params, text)
        if isinstance(error, GeocoderQueryError):
            self.breaker.record_success()  # the query's fault; the service answered
            return
        if isinstance(error, GeocoderRateLimited | GeocoderInsufficientPrivileges):
            retry_after = getattr(error, "retry_after", None)
            self.breaker.trip(float(retry_after) if retry_after else None)
            opened = True
        else:
            opened = self.breaker.record_failure()
        if opened:
            message = (
                f"online geocoder paused for {self.breaker.remaining():.0f} s after "
                f"{self.breaker.consecutive_failures} failure(s); last: {text}"
            )
            log.warning("%s", message)
            with self._lock:
                self._events.append(message)

    def _count(self, key: str, n: int = 1) -> None:
        with self._lock:
            self._counts[key] += n


def _params(country_codes: Iterable[str] | None, viewbox: Viewbox | None) -> dict[str, Any]:
    """Canonical request parameters (also the cache key): sorted lower-case codes, viewbox to 0.01°."""
    params: dict[str, Any] = {}
    codes = sorted({c.strip().lower() for c in country_codes or () if c and c.strip()})
    if codes:
        params["country_codes"] = codes
    if viewbox is not None:
        (lat1, lon1), (lat2, lon2) = viewbox
        params["viewbox"] = [
            [round(min(lat1, lat2), 2), round(min(lon1, lon2), 2)],
            [round(max(lat1, lat2), 2), round(max(lon1, lon2), 2)],
        ]
    return params


# -- pipeline step ------------------------------------------------------------------------------------------


def article_context(
    places: Iterable[Place], pad_degrees: float = 0.5, max_span_degrees: float = 15.0
) -> tuple[list[str], Viewbox | None]:
    """Country codes and a padded bounding box of an article's resolved places (none when spread out)."""
    places = list(places)
    codes = sorted({p.country_code for p in places if p.country_code})
    points = [(p.lat, p.lon) for p in places if p.kind != "country"]
    if not points:
        return codes, None
    lats = [lat for lat, _ in points]
    lons = [lon for _, lon in points]
    if max(lats) - min(lats) > max_span_degrees or max(lons) - min(lons) > max_span_degrees:
        return codes, None
    viewbox = (
        (max(-90.0, min(lats) - pad_degrees), max(-180.0, min(lons) - pad_degrees)),
        (min(90.0, max(lats) + pad_degrees), min(180.0, max(lons) + pad_degrees)),
    )
    return codes, viewbox


def resolve_unresolved(
    mentions: Sequence[Mention],
    fallback: OnlineFallback,
    *,
    places: Iterable[Place] = (),
    max_lookups: int = 10,
) -> tuple[list[Mention], list[Place]]:
    """Fill ``place_id`` of mentions the gazetteer left unresolved, using the online fallback.

    ``places`` are the already resolved places (used for context: the article's countries restrict the
    search first, a box around its places biases it; a name not found within those countries is tried
    once more with the bias only). Resolved mentions are returned untouched. At most ``max_lookups``
    network lookups per call, and none after the first failure, so a dead network costs one bounded
    lookup. Returns (mentions in the same order, the new places).
    """
    mentions = list(mentions)
    if not fallback.enabled or all(m.place_id is not None for m in mentions):
        return mentions, []
    by_id = {p.place_id: p for p in places}
    context: dict[str, tuple[list[str], Viewbox | None]] = {}
    for article_id in {m.article_id for m in mentions}:
        resolved = {m.place_id for m in mentions if m.article_id == article_id and m.place_id is not None}
        context[article_id] = article_context(by_id[pid] for pid in resolved if pid in by_id)

    answers: dict[tuple[str, str], Place | None] = {}
    new_places: dict[str, Place] = {}
    budget = max_lookups
    stop = False
    out: list[Mention] = []
    for mention in mentions:
        if mention.place_id is not None:
            out.append(mention)
            continue
        key = (mention.article_id, cache_key_query(mention.surface))
        if key not in answers:
            place = None
            if not stop:
                codes, viewbox = context[mention.article_id]
                attempts = [(codes, viewbox), ([], viewbox)] if codes else [([], viewbox)]
                for attempt_codes, attempt_box in attempts:
                    if budget <= 0:
                        break
                    before = fallback.status.lookups
                    place, why = fallback.lookup_with_outcome(
                        mention.surface, country_codes=attempt_codes, viewbox=attempt_box
                    )
                    budget -= fallback.status.lookups - before
                    if why in {"failed", "paused"}:
                        stop = True
                    if why != "not_found":
                        break
            answers[key] = place
        place = answers[key]
        if place is None:
            out.append(mention)
            continue
        if place.place_id not in by_id:
            new_places.setdefault(place.place_id, place)
        out.append(replace(mention, place_id=place.place_id, confidence=place.confidence))
    return out, list(new_places.values())
