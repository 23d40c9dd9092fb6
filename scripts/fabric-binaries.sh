#!/usr/bin/env bash
# Builds the Hyperledger Fabric v3.1.5 and fabric-ca v1.5.21 binaries from the Go module proxy
# into a per-user cache folder keyed by version, and reuses them when present.
#
#   fabric-ca  -> ${XDG_CACHE_HOME:-$HOME/.cache}/ballotledger/fabric-ca-1.5.21/bin
#   Fabric     -> ${XDG_CACHE_HOME:-$HOME/.cache}/ballotledger/fabric-3.1.5/{bin,builders/ccaas/bin,config}
#
# Exit codes: 0 = all binaries ready; 3 = the module proxy refused the Fabric module (BLOCKED,
# recorded in fabric-3.1.5/BLOCKED; fabric-ca is still built); 2 = go or gcc missing;
# 1 = any other failure.
# BALLOTLEDGER_FABRIC_HOME=<dir> (bin/, builders/ccaas/bin/, config/) uses Fabric binaries you
# already have instead of building them; it is checked, never copied into the cache.
set -euo pipefail

FABRIC_VERSION=3.1.5
FABRIC_COMMIT=86c1172bec37
FABRIC_MODULE=github.com/hyperledger/fabric
FABRIC_PSEUDO=v1.4.0-rc1.0.20260618074816-86c1172bec37
CCAAS_MODULE=github.com/hyperledger/fabric/ccaas_builder
CCAAS_PSEUDO=v0.0.0-20260618074816-86c1172bec37
CA_VERSION=1.5.21
CA_MODULE=github.com/hyperledger/fabric-ca

FABRIC_BINS=(peer orderer configtxgen osnadmin configtxlator ledgerutil discover)
CCAAS_BINS=(detect build release)
CA_BINS=(fabric-ca-server fabric-ca-client)

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/ballotledger"
CA_HOME="$CACHE_ROOT/fabric-ca-$CA_VERSION"
FABRIC_CACHE_HOME="$CACHE_ROOT/fabric-$FABRIC_VERSION"

START=$(date +%s)
log() { printf '[fabric-binaries %3ss] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
die() { local code=$1; shift; printf '[fabric-binaries] ERROR: %s\n' "$*" >&2; exit "$code"; }

banner() {
  local line='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
  { printf '\n%s\n' "$line"
    while (($#)); do printf '!! %s\n' "$1"; shift; done
    printf '%s\n\n' "$line"; } >&2
}

# Runs "$@" with output to a log file, printing a progress line every 15 s; on failure prints
# the log tail. Usage: run_logged <logfile> <label> cmd...
run_logged() {
  local logfile=$1 label=$2; shift 2
  "$@" >"$logfile" 2>&1 &
  local pid=$! t0=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( (SECONDS - t0) % 15 == 0 )); then log "  ... $label still running ($((SECONDS - t0)) s, $(wc -l <"$logfile") log lines)"; fi
  done
  if ! wait "$pid"; then
    printf '%s\n' "--- last lines of $logfile ---" >&2
    tail -n 40 "$logfile" >&2
    return 1
  fi
}

# `go mod download -json MODULE@VERSION`: prints the module dir; on failure prints the error to
# stderr and returns 3 when the proxy refused the module (4xx), 1 otherwise.
module_dir() {
  local mod=$1 out err dir
  out=$(go mod download -json "$mod" 2>/dev/null) || true
  dir=$(printf '%s' "$out" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  if [[ -n "$dir" && -d "$dir" ]]; then printf '%s\n' "$dir"; return 0; fi
  err=$(printf '%s' "$out" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p')
  [[ -n "$err" ]] || err="go mod download printed no module directory: $out"
  printf '%b\n' "$err" >&2
  if grep -Eq '(403 Forbidden|404 Not Found|410 Gone|not available)' <<<"$err"; then return 3; fi
  return 1
}

command -v go >/dev/null 2>&1 || die 2 "'go' is not on PATH. Install Go >= 1.26.4 (https://go.dev/dl) and re-run."
command -v gcc >/dev/null 2>&1 || die 2 "'gcc' is not on PATH. fabric-ca-server needs cgo (sqlite3): install gcc (apt-get install gcc) and re-run."
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
mkdir -p "$CACHE_ROOT"
log "go $(go env GOVERSION), cache $CACHE_ROOT"

# ---------------------------------------------------------------- fabric-ca (cgo, sqlite3)
ca_ready() {
  [[ "$(cat "$CA_HOME/VERSION" 2>/dev/null)" == "$CA_VERSION" ]] || return 1
  local b; for b in "${CA_BINS[@]}"; do [[ -x "$CA_HOME/bin/$b" ]] || return 1; done
}
if ca_ready; then
  log "fabric-ca $CA_VERSION: already built in $CA_HOME/bin"
else
  log "fabric-ca $CA_VERSION: downloading $CA_MODULE@v$CA_VERSION"
  rc=0; dir=$(module_dir "$CA_MODULE@v$CA_VERSION") || rc=$?
  if ((rc)); then
    die 1 "fabric-ca v$CA_VERSION could not be downloaded from the module proxy (see error above)."
  fi
  tmp=$(mktemp -d "$CACHE_ROOT/.fabric-ca-build.XXXXXX")
  log "fabric-ca $CA_VERSION: building fabric-ca-server and fabric-ca-client (CGO_ENABLED=1, ~2 min cold)"
  ( cd "$dir" && run_logged "$tmp/build.log" "fabric-ca build" env CGO_ENABLED=1 go build -v -trimpath \
      -ldflags "-X $CA_MODULE/lib/metadata.Version=$CA_VERSION" -o "$tmp/bin/" ./cmd/fabric-ca-server ./cmd/fabric-ca-client ) \
    || { rm -rf "$tmp"; die 1 "fabric-ca build failed (see log above)"; }
  echo "$CA_VERSION" >"$tmp/VERSION"
  rm -rf "$CA_HOME" && mv "$tmp" "$CA_HOME"
  log "fabric-ca $CA_VERSION: built into $CA_HOME/bin"
fi

# ---------------------------------------------------------------- Fabric (pure Go)
fabric_layout_ok() {
  local home=$1 b
  for b in "${FABRIC_BINS[@]}"; do [[ -x "$home/bin/$b" ]] || { echo "missing $home/bin/$b"; return 1; }; done
  for b in "${CCAAS_BINS[@]}"; do [[ -x "$home/builders/ccaas/bin/$b" ]] || { echo "missing $home/builders/ccaas/bin/$b"; return 1; }; done
  for b in core.yaml orderer.yaml configtx.yaml; do [[ -f "$home/config/$b" ]] || { echo "missing $home/config/$b"; return 1; }; done
}

if [[ -n "${BALLOTLEDGER_FABRIC_HOME:-}" ]]; then
  why=$(fabric_layout_ok "$BALLOTLEDGER_FABRIC_HOME") || die 1 "BALLOTLEDGER_FABRIC_HOME=$BALLOTLEDGER_FABRIC_HOME is incomplete: $why"
  v=$("$BALLOTLEDGER_FABRIC_HOME/bin/peer" version 2>/dev/null | sed -n 's/^ *Version: *//p')
  [[ "$v" == "$FABRIC_VERSION" ]] || log "WARNING: $BALLOTLEDGER_FABRIC_HOME/bin/peer reports version '$v', expected $FABRIC_VERSION"
  log "Fabric: using BALLOTLEDGER_FABRIC_HOME=$BALLOTLEDGER_FABRIC_HOME (peer version $v); not building"
  exit 0
fi

if [[ "$(cat "$FABRIC_CACHE_HOME/VERSION" 2>/dev/null)" == "$FABRIC_VERSION" ]] && fabric_layout_ok "$FABRIC_CACHE_HOME" >/dev/null; then
  log "Fabric $FABRIC_VERSION: already built in $FABRIC_CACHE_HOME"
  exit 0
fi

mkdir -p "$FABRIC_CACHE_HOME"
blocked() { # $1 = command, $2 = error
  {
    echo "status: blocked"
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "command: $1"
    echo "error: $(head -n 1 <<<"$2")"
    echo "---"
    printf '%s\n' "$2"
  } >"$FABRIC_CACHE_HOME/BLOCKED"
  banner "BLOCKED: Fabric $FABRIC_VERSION binaries are not available from the Go module proxy." \
    "command: $1" \
    "proxy:   $(head -n 1 <<<"$2")" \
    "$(tail -n +2 <<<"$2")" \
    "recorded in $FABRIC_CACHE_HOME/BLOCKED; fabric-ca $CA_VERSION is built." \
    "Integration tests that need a running network will be SKIPPED, not passed." \
    "To run the network, point BALLOTLEDGER_FABRIC_HOME at a Fabric $FABRIC_VERSION install" \
    "(bin/, builders/ccaas/bin/, config/ — e.g. the official release tarball)."
  exit 3
}

log "Fabric $FABRIC_VERSION: downloading $FABRIC_MODULE@$FABRIC_PSEUDO"
# download_or_block MODULE@VERSION: prints the module dir, or records BLOCKED and exits 3.
download_or_block() {
  local errf rc=0 dir
  errf=$(mktemp)
  dir=$(module_dir "$1" 2>"$errf") || rc=$?
  local err; err=$(cat "$errf"); rm -f "$errf"
  ((rc == 3)) && blocked "go mod download -json $1" "$err"
  ((rc == 0)) || die 1 "download of $1 failed: $err"
  printf '%s\n' "$dir"
}
rm -f "$FABRIC_CACHE_HOME/BLOCKED"
fdir=$(download_or_block "$FABRIC_MODULE@$FABRIC_PSEUDO") || exit $?
log "Fabric $FABRIC_VERSION: downloading $CCAAS_MODULE@$CCAAS_PSEUDO"
cdir=$(download_or_block "$CCAAS_MODULE@$CCAAS_PSEUDO") || exit $?

tmp=$(mktemp -d "$CACHE_ROOT/.fabric-build.XXXXXX")
mkdir -p "$tmp/bin" "$tmp/builders/ccaas/bin" "$tmp/config"
ldflags="-X $FABRIC_MODULE/common/metadata.Version=$FABRIC_VERSION -X $FABRIC_MODULE/common/metadata.CommitSHA=${FABRIC_COMMIT:0:7}"
log "Fabric $FABRIC_VERSION: building ${FABRIC_BINS[*]} (CGO_ENABLED=0, ~2.5 min cold)"
pkgs=(); for b in "${FABRIC_BINS[@]}"; do pkgs+=("./cmd/$b"); done
( cd "$fdir" && run_logged "$tmp/build.log" "Fabric build" env CGO_ENABLED=0 go build -v -trimpath -ldflags "$ldflags" -o "$tmp/bin/" "${pkgs[@]}" ) \
  || { rm -rf "$tmp"; die 1 "Fabric build failed (see log above)"; }
log "Fabric $FABRIC_VERSION: building the ccaas builder"
( cd "$cdir" && run_logged "$tmp/build-ccaas.log" "ccaas build" env CGO_ENABLED=0 go build -trimpath -o "$tmp/builders/ccaas/bin/" ./cmd/detect ./cmd/build ./cmd/release ) \
  || { rm -rf "$tmp"; die 1 "ccaas builder build failed (see log above)"; }
cp "$fdir/sampleconfig/core.yaml" "$fdir/sampleconfig/orderer.yaml" "$fdir/sampleconfig/configtx.yaml" "$tmp/config/"
chmod -R u+w "$tmp"
echo "$FABRIC_VERSION" >"$tmp/VERSION"
rm -rf "$FABRIC_CACHE_HOME" && mv "$tmp" "$FABRIC_CACHE_HOME"
log "Fabric $FABRIC_VERSION: built into $FABRIC_CACHE_HOME"
