#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a throwaway, unlocked GNOME Keyring, so
# tests use a real Secret Service without ever touching the machine's own keyring.
# Usage: scripts/with-test-keyring.sh <command> [args...]
set -euo pipefail
if [ "${LINQ_TEST_KEYRING:-}" = "1" ]; then
  exec "$@" # already inside one
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install dbus-x11 gnome-keyring" >&2; exit 1; }
done
keyring_home=$(mktemp -d -t linq-test-keyring-XXXXXX)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run" HOME_FOR_KEYRING="$keyring_home"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export LINQ_TEST_KEYRING=1
# shellcheck disable=SC2016
dbus-run-session -- bash -c 'printf "throwaway" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' _ "$@"
