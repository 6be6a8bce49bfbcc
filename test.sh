#!/usr/bin/env bash
# Runs every test of Ariadne: formatting, pending model changes for both database providers, and the whole test
# suite on SQLite and PostgreSQL, with the browser tests in Debian's Chromium.
# Installs what it needs when missing (Debian packages postgresql and chromium), starts a throwaway PostgreSQL
# cluster on a free loopback port, and removes it again on exit.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A throwaway PostgreSQL cluster, trust authentication on loopback only.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdata=$(mktemp -d /tmp/ariadne-pg.XXXXXX)
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdata"
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdata"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
  -o "-p $pgport -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
export ARIADNE_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres"
export ARIADNE_CHROMIUM="${ARIADNE_CHROMIUM:-$(command -v chromium)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet tool restore >/dev/null
dotnet build Ariadne.slnx -nologo -v quiet
echo "test.sh: checking formatting"
dotnet format Ariadne.slnx --verify-no-changes --no-restore
echo "test.sh: checking for model changes without a migration"
for context in SqliteAppDbContext PostgresAppDbContext; do
  dotnet ef migrations has-pending-model-changes --no-build --project src/Ariadne.Core --startup-project src/Ariadne --context "$context" >/dev/null \
    || { echo "test.sh: $context has model changes without a migration (see the remark on AppDbContext)"; exit 1; }
done

echo "test.sh: running the tests"
log=$(mktemp)
status=0
dotnet test --project tests/Ariadne.Tests --no-build 2>&1 | tee "$log" || status=$?
passed=$(grep -Eo 'succeeded: *[0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
failed=$(grep -Eo 'failed: *[0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
skipped=$(grep -Eo 'skipped: *[0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
# The failures again at the end, where a reader of a truncated log looks first.
if [ "$failed" != 0 ]; then
  echo "test.sh: failed tests:"
  grep -A 6 -E '^\s*failed [A-Za-z]' "$log" | cut -c 1-300 | head -n 80 || true
fi
rm -f "$log"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran"; exit 1
fi
exit "$status"
