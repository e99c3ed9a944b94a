"""Accessibility audit of a Playwright page with axe-core, read from node_modules (never the network)."""

from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

# Lesser impacts (minor, moderate) are reported by axe but do not fail a test.
FAILING_IMPACTS = frozenset({"serious", "critical"})


class AccessibilityViolationError(AssertionError):
    """Raised when axe-core finds serious or critical violations."""


@cache
def axe_source() -> str:
    """Return axe-core's script, installed by npm from package-lock.json."""
    path = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `make test`, which runs `npm ci`")
    return path.read_text(encoding="utf-8")


def run_axe(page: Page, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run axe-core on the page's document and return its raw results."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, not injected as an inline <script>: the site's
        # Content-Security-Policy rightly refuses inline scripts, and the audit must not weaken it.
        page.evaluate(axe_source())
    # Only violations are needed; skipping passes/incomplete keeps the results small.
    return page.evaluate(
        "options => axe.run(document, options)", {"resultTypes": ["violations"], **(options or {})}
    )


def describe(violations: list[dict[str, Any]]) -> str:
    """Format violations as rule id, impact, help and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation['impact']}] {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    {' >> '.join(map(str, node['target']))}: {node['html']}")
    return "\n".join(lines)


def check_accessibility(page: Page, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Fail on serious or critical violations and return the lesser ones."""
    violations = run_axe(page, options)["violations"]
    failing = [violation for violation in violations if violation["impact"] in FAILING_IMPACTS]
    if failing:
        raise AccessibilityViolationError(
            f"axe-core found {len(failing)} serious or critical violation(s) on {page.url}:\n"
            + describe(failing)
        )
    return violations
