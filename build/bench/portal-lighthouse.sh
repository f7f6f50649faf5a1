#!/usr/bin/env bash
# Lighthouse (mobile: its default Moto G Power emulation, 4x CPU slowdown, slow 4G) on the client
# portal's sign-in page, served by `npm run portal` from the production build over a demo practice.
# Lighthouse is not a project dependency (its 13.x needs Node 22; 12.8.2 is the last for Node 20):
# this fetches it with npx the first time. Prints the category scores and the main timings.
#   bash build/bench/portal-lighthouse.sh            (uses CHROME_PATH, else /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
npx electron-vite build >/dev/null
export PORTICO_ANCHOR_DIR="$work"
node node_modules/tsx/dist/cli.mjs build/web-host/index.ts --port 0 --db "$work/practice.sqlite3" >"$work/desk.log" 2>&1 &
until grep -q "ready at" "$work/desk.log"; do sleep 0.5; done
node node_modules/tsx/dist/cli.mjs electron/main/portal/cli.ts --port 0 --db "$work/practice.sqlite3" >"$work/portal.log" 2>&1 &
until grep -q "ready at" "$work/portal.log"; do sleep 0.5; done
url="$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/portal.log")sign-in"
echo "Lighthouse 12.8.2, mobile defaults, on $url ($(nproc) cores)"
CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}" npx --yes lighthouse@12.8.2 "$url" --quiet \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
  --only-categories=performance,accessibility,best-practices --output=json --output-path="$work/report.json"
node -e '
const r = require(process.argv[1])
for (const [id, c] of Object.entries(r.categories)) console.log(`${id}: ${Math.round(c.score * 100)}`)
for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "total-byte-weight"]) console.log(`${id}: ${r.audits[id].displayValue}`)
' "$work/report.json"
