"""Ask an outside server whether an address answers: HEAD, then GET when HEAD is refused, paced by host."""

from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

USER_AGENT = "maillage-link-checker/1.0 (+vérification des liens des dispositifs)"
MAX_REDIRECTS = 5


def host_of(url: str) -> str:
    """Return the machine a request to `url` goes to, lowercased: its ports share one pace."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


class HostPacer:
    """Hold each request until at least `interval` seconds have passed since the last one to its host."""

    def __init__(
        self,
        interval: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        """Sleep as long as `host` must rest, then count a request to it now."""
        with self._lock:
            last = self._last.get(host)
            if last is not None:
                remaining = last + self.interval - self.clock()
                if remaining > 0:
                    self.sleep(remaining)
            self._last[host] = self.clock()

    def ready_at(self, host: str) -> float:
        """Return when `host` may next be asked (on the pacer's clock)."""
        last = self._last.get(host)
        return float("-inf") if last is None else last + self.interval


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirections back: each hop is a request of its own, paced like the others."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    error: str = ""


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    """Send one request; return its status and, for a redirection, where it points."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310 (http(s) only, checked by probe)
    try:
        with _opener.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)  # a few bytes show the body comes; the rest is not needed
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "") if error.headers else ""


def probe(url: str, *, pacer: HostPacer, timeout: float = 10.0) -> ProbeResult:
    """Tell whether `url` answers (status below 400 after at most five redirections)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return ProbeResult(False, "adresse non web (http ou https attendu)")
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            pacer.wait(host_of(current))
            status, location = _request(current, "HEAD", timeout)
            if status >= 400:
                # Many servers refuse or mishandle HEAD (405, 403, 404…): GET decides.
                pacer.wait(host_of(current))
                status, location = _request(current, "GET", timeout)
            if 300 <= status < 400 and location:
                current = urljoin(current, location)
                if urlsplit(current).scheme not in ("http", "https"):
                    return ProbeResult(False, "redirection vers une adresse non web")
                continue
            if status >= 400:
                return ProbeResult(False, f"le serveur répond {status}")
            return ProbeResult(True)
        return ProbeResult(False, "trop de redirections")
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return ProbeResult(False, f"pas de réponse : {reason}"[:300])
