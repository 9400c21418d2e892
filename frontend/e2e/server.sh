#!/usr/bin/env bash
# Starts the real Rapport server for the browser tests: a throwaway SQLite database, one user,
# and the built SPA served with the API on one port (embedded mode).
set -euo pipefail

FRONTEND="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$FRONTEND/.." && pwd)"
PORT="${E2E_PORT:-8765}"
RAPPORT="$ROOT/.venv/bin/rapport"

if [[ ! -f "$FRONTEND/dist/index.html" ]]; then
  echo "e2e: $FRONTEND/dist is not built; run 'npm run build' first." >&2
  exit 1
fi
if [[ ! -x "$RAPPORT" ]]; then
  echo "e2e: $RAPPORT is missing; run 'make install' at the repository root." >&2
  exit 1
fi

TMP="$(mktemp -d -t rapport-e2e.XXXXXX)"
export RAPPORT_DATABASE_URL="sqlite:///$TMP/e2e.db"
cd "$ROOT"
"$RAPPORT" migrate
"$RAPPORT" create-user e2e@example.org --password e2e-password-123 --name "E2E Lead"
"$RAPPORT" create-user viewer@example.org --password e2e-password-123 --name "E2E Viewer"
# Realistic data for e2e/screenshots.spec.ts (its own users: demo@rapport.example and a viewer).
"$RAPPORT" demo --password demo-pass-123 >/dev/null

# Webhooks may point at this machine (e2e/webhooks.spec.ts); nothing is listening there.
RAPPORT_WEBHOOKS_ALLOW_PRIVATE=1 RAPPORT_STATIC_DIR="$FRONTEND/dist" "$RAPPORT" serve --host 127.0.0.1 --port "$PORT" &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
wait "$SERVER"
