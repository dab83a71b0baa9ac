#!/usr/bin/env bash
# quotecheck: installs the Debian packages needed to build and test it, only those missing.
# Usage: install-deps.sh [--test]. Runs apt-get as root (through sudo when not root); does nothing when all are installed.
set -euo pipefail

packages=(g++ cmake make pkg-config libre2-dev libfmt-dev libyaml-cpp-dev catch2 libutf8proc-dev
          nlohmann-json3-dev libcli11-dev libxxhash-dev libsqlite3-dev python3)
# --test adds what the test suite uses beyond the build: a headless browser for the HTML report.
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "quotecheck: installing ${missing[*]}"
if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "quotecheck: error: not root and no sudo; install these packages first: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
