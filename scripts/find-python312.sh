#!/usr/bin/env bash
# Print the real path of a working CPython 3.12: uv is never allowed to download an interpreter,
# so the Makefile hands it this one. Shims (pyenv) are resolved to the interpreter they run.
set -euo pipefail

candidates=()
if found=$(command -v python3.12 2>/dev/null); then
    candidates+=("$found")
fi
# Newest pyenv 3.12.x first, in case no shim is on PATH (non-interactive shells often lack it).
while IFS= read -r found; do
    candidates+=("$found")
done < <(compgen -G "${HOME}/.pyenv/versions/3.12*/bin/python3.12" | sort -rV)
candidates+=(/usr/bin/python3.12)

for candidate in "${candidates[@]}"; do
    if real=$("$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 12); print(sys.executable)' 2>/dev/null); then
        echo "$real"
        exit 0
    fi
done

echo "error: no working Python 3.12 found (tried: ${candidates[*]})." >&2
echo "       Install one, e.g. 'pyenv install 3.12' or 'apt-get install python3.12'." >&2
exit 1
