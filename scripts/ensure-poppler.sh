#!/usr/bin/env bash
# Make sure poppler-utils is installed: the diagnostic layout tests render PDFs with pdftoppm,
# so when it cannot be installed this fails loudly instead of letting the suite pass without them.
set -euo pipefail

PDFTOPPM=/usr/bin/pdftoppm

if [[ -x $PDFTOPPM ]]; then
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "error: $PDFTOPPM is missing and installing it needs root." >&2
    echo "       Run 'sudo apt-get install poppler-utils', then 'make test' again." >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $PDFTOPPM is missing and apt-get is not available to install it (Debian is expected)." >&2
    exit 1
fi

echo "Installing poppler-utils for the PDF layout tests…" >&2
# sudo resets the environment, hence env(1) to keep apt-get from asking questions.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils

if ! "$PDFTOPPM" --version; then
    echo "error: chromium was installed but $PDFTOPPM does not run." >&2
    exit 1
fi
