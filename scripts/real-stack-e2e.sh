#!/usr/bin/env bash
# Browser end-to-end tests against the real stack: `npm start` (network, chaincode, gateway with
# the built web app; parts already running are kept), then web's real-stack suite as the dev
# admin, staff member and key holders `npm start` created, then `npm stop` unless
# BALLOTLEDGER_KEEP_NETWORK=1. Exit code 3 (and a notice) when the Fabric binaries are BLOCKED.
#   npm run test:stack
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=${BALLOTLEDGER_STATE_DIR:-.state}
PORT=${BL_PORT:-8080}
BASE="http://localhost:${PORT}"

# The suite signs staff in many times; the gateway's staff login limit is per address.
export BL_RATE_STAFF_AUTH=${BL_RATE_STAFF_AUTH:-1000}
rc=0
npm start </dev/null || rc=$?
if ((rc != 0)); then
  if [[ -f "${XDG_CACHE_HOME:-$HOME/.cache}/ballotledger/fabric-3.1.5/BLOCKED" && -z "${BALLOTLEDGER_FABRIC_HOME:-}" ]]; then
    echo "real-stack browser tests SKIPPED: the Fabric binaries are blocked (see above)"
    exit 3
  fi
  exit "$rc"
fi

stop() { [[ "${BALLOTLEDGER_KEEP_NETWORK:-}" == 1 ]] || npm stop </dev/null >/dev/null 2>&1 || true; }
trap stop EXIT

for _ in $(seq 1 120); do
  curl -fsS "${BASE}/healthz" >/dev/null 2>&1 && [[ -s "${STATE}/gateway/dev-credentials.txt" ]] && break
  sleep 1
done
curl -fsS "${BASE}/healthz" >/dev/null || { echo "the gateway did not answer on ${BASE}/healthz" >&2; exit 1; }

password=$(grep '^admin console' "${STATE}/gateway/dev-credentials.txt" | head -1 | awk '{print $NF}')
keyholders=$(ls "$PWD/${STATE}/gateway/keyholders/"central-keyholder*.json | head -3 | paste -sd,)
BL_E2E_BASE_URL="$BASE" BL_E2E_ADMIN_USER=admin BL_E2E_ADMIN_PASSWORD="$password" \
  BL_E2E_STAFF_USER=admin BL_E2E_STAFF_PASSWORD="$password" BL_E2E_ORG=CentralMSP \
  BL_E2E_KEYHOLDER_IDS="$keyholders" npm run test:e2e -w web </dev/null
