#!/usr/bin/env bash
# Make sure a program the tests need is installed from Debian's packages:
#   ensure-debian-tool.sh PROGRAM PACKAGE WHY
# (Chromium for the browser tests, pdftoppm for the PDF layout tests). Those tests are never skipped,
# so when the program cannot be installed this fails loudly instead of letting the suite pass without them.
set -euo pipefail

program=$1
package=$2
why=$3

if [[ -x $program ]]; then
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "error: $program is missing and installing it needs root." >&2
    echo "       Run 'sudo apt-get install $package', then 'make test' again." >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $program is missing and apt-get is not available to install it (Debian is expected)." >&2
    exit 1
fi

echo "Installing Debian's $package for $why…" >&2
# sudo resets the environment, hence env(1) to keep apt-get from asking questions.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package"

# pdftoppm answers -v, not --version (and exits 99 on an unknown option): either will do.
if ! "$program" --version >/dev/null 2>&1 && ! "$program" -v >/dev/null 2>&1; then
    echo "error: $package was installed but $program does not run." >&2
    exit 1
fi
