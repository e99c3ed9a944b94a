#!/usr/bin/env bash
# Make sure Debian's Chromium is installed: browser tests drive it and are never skipped,
# so when it cannot be installed this fails loudly instead of letting the suite pass without them.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x $CHROMIUM ]]; then
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "error: $CHROMIUM is missing and installing it needs root." >&2
    echo "       Run 'sudo apt-get install chromium', then 'make test' again." >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $CHROMIUM is missing and apt-get is not available to install it (Debian is expected)." >&2
    exit 1
fi

echo "Installing Debian's chromium for the browser tests…" >&2
# sudo resets the environment, hence env(1) to keep apt-get from asking questions.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

if ! "$CHROMIUM" --version; then
    echo "error: chromium was installed but $CHROMIUM does not run." >&2
    exit 1
fi
