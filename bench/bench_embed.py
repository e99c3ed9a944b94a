"""Measure the network widget of a network of 1,500 members, with and without a portal's preset.

The server-side time of a whole request through Django's test client (middleware, parsing, the page of
members, the template), its p50 and p95 over ROUNDS requests after a warm-up, and the SQL statements it
takes. Baseline, in the same run: the directory's own page of the network's members
(/structures/<slug>/membres/), the page a partner would otherwise link to.

The network and its members are generated (names « Membre généré n », slugs « bench-embed-… »); a portal
preset to the network excludes 100 of them and highlights 10. Re-runs reuse them.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from maillage.portals.enums import Section
from maillage.portals.models import Portal
from maillage.search.fulltext import document
from maillage.search.normalize import search_key
from maillage.structures.enums import RelationKind, StructureKind
from maillage.structures.models import Relation, Structure

MEMBERS = int(os.environ.get("BENCH_SIZE", "1500"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))
WARM_UP = 5
NETWORK_SLUG = "bench-embed-reseau"
PORTAL_SLUG = "bench-embed-portail"


def _structure(name: str, slug: str, kind: str = StructureKind.CULTURAL) -> Structure:
    return Structure(
        name=name,
        slug=slug,
        kind=kind,
        search_name=search_key(name),
        search_text=search_key(name),
        search_document=document((name, 3)),
    )


def _ensure_data() -> tuple[Structure, Portal]:
    network = Structure.objects.filter(slug=NETWORK_SLUG).first()
    if network is None:
        with transaction.atomic():
            network = _structure("Réseau généré", NETWORK_SLUG, StructureKind.NETWORK)
            network.save()
            members = Structure.objects.bulk_create(
                _structure(f"Membre généré {n}", f"bench-embed-membre-{n}") for n in range(MEMBERS)
            )
            Relation.objects.bulk_create(
                Relation(source=m, target=network, kind=RelationKind.MEMBER_OF) for m in members
            )
    portal = Portal.objects.filter(slug=PORTAL_SLUG).first()
    if portal is None:
        portal = Portal.objects.create(
            name="Portail généré", slug=PORTAL_SLUG, network=network, sections=list(Section.values)
        )
        members_qs = Structure.objects.filter(slug__startswith="bench-embed-membre-").order_by("pk")
        portal.excluded.set(members_qs[:100])
        portal.highlighted.set(members_qs[100:110])
    return network, portal


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return response


def _measure(client: Client, url: str) -> dict[str, Any]:
    for _ in range(WARM_UP):
        _get(client, url)
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = _get(client, url)
        timings.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    ordered = sorted(timings)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
    }


def run() -> dict[str, Any]:
    """Time the widget beside the directory's members page, for one network of MEMBERS members."""
    network, portal = _ensure_data()
    members = Relation.objects.current().member_of().filter(target=network).count()
    client = Client()
    return {
        "members": members,
        "structures_in_database": Structure.objects.count(),
        "rounds": ROUNDS,
        "load_average_before": os.getloadavg(),
        "widget_network": _measure(client, f"/embed/reseau/{network.slug}/"),
        "widget_network_compact": _measure(client, f"/embed/reseau/{network.slug}/?compact=oui"),
        "widget_network_preset": _measure(
            client, f"/embed/reseau/{network.slug}/?preset={portal.embed_token}"
        ),
        "widget_map_preset": _measure(client, f"/embed/carte/?preset={portal.embed_token}"),
        "baseline_members_page": _measure(client, f"/structures/{network.slug}/membres/"),
        "load_average_after": os.getloadavg(),
    }
