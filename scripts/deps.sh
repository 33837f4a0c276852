#!/usr/bin/env bash
# deps.sh: install the Debian packages Gazette needs that are missing.
#   scripts/deps.sh          build and run dependencies
#   scripts/deps.sh --test   also the test and benchmark tools
# As root it runs apt-get; otherwise it prints the exact command to run and fails.
set -euo pipefail

build=(pkg-config liblua5.4-dev libsqlite3-dev libreadline-dev libffi-dev libjansson-dev libssl-dev libxlsxwriter-dev)
test=(perl sqlite3 clang libclang-rt-14-dev tmux python3)
want=("${build[@]}")
[ "${1:-}" = "--test" ] && want+=("${test[@]}")

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "gazette: missing Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "gazette: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
