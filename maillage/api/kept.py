"""Keep the structure list's JSON answers while the directory and its scores are unchanged.

A popular list request cost 13 to 19 ms of Python under gunicorn (issue 13, target 5: 72 to 121 requests a
second on two cores, against 300): reading its structures and scores, then validating and serialising
them. The same request is the same bytes until a write reaches the tables it reads, so the bytes are kept
under the search generation, which the database's triggers increase on every write of the directory and,
since quality's migration 0002, of the quality scores the list shows. The list reads nothing of the
caller (no user, no cookie): the key is the scheme, host and full path, which the absolute links carry.
"""

from __future__ import annotations

from collections.abc import Hashable

from django.http import HttpRequest

from maillage.search.result_cache import ResultCache
from maillage.structures import facet_counts

# A list of 20 structures weighs about 12 KB; of 100, about 60 KB: at most 8 MB a worker.
KEPT_ENTRIES = 128

kept_lists = ResultCache(max_entries=KEPT_ENTRIES, generation=facet_counts.generation)


def kept_key(request: HttpRequest) -> Hashable | None:
    """Return the key of a GET request's kept answer, or None when it may not be kept (in a transaction)."""
    if request.method != "GET" or (token := kept_lists.token()) is None:
        return None
    return (token, request.scheme, request.get_host(), request.get_full_path())
