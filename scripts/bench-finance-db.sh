#!/usr/bin/env bash
# Issue 17's speed target on the path users meet: 1,000,000 transactions imported into the database and fully analysed
# (rules, components, typologies, alerts and account scores stored) — `ariadne finance import` then `ariadne finance run`,
# and `ariadne finance import --analyse` (the upload page's default: analysed from the transactions already in memory)
# — against the peer on the same machine, in the same run, on the same files: `ariadne finance analyse`, which reads
# the CSV into the same columnar engine and writes accounts.csv/alerts.csv without a database.
#
#   scripts/bench-finance-db.sh [TRANSACTIONS] [ACCOUNTS]          # default 1000000 100000, SQLite
#   ARIADNE_BENCH_POSTGRES="Host=…;Username=…;Database=…" scripts/bench-finance-db.sh   # also PostgreSQL
#
# Each step is timed with /usr/bin/time (wall, user CPU, max RSS). The data is the generator's (seed 1), with its
# synthetic parties file, so the import also seals 100,000 holders under their own keys and writes their blind indexes.
set -euo pipefail
cd "$(dirname "$0")/.."
transactions=${1:-1000000}
accounts=${2:-100000}
work=$(mktemp -d /tmp/ariadne-bench-finance-XXXX)
export ARIADNE_MASTER_KEYS="bench:$(head -c 32 /dev/zero | tr '\0' 'Z' | base64)"

dotnet build -c Release src/Ariadne -v q -nologo >/dev/null
ariadne=(dotnet artifacts/bin/Ariadne/release/ariadne.dll)

timed() { # label, command…
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %M KiB max RSS" "$@" >"$work/$label.out" 2>"$work/$label.err" \
    || { cat "$work/$label.err" >&2; exit 1; }
  tail -n 1 "$work/$label.err"
  grep -v "KiB max RSS" "$work/$label.out" | tail -n 2 || true
}

echo "== ${transactions} transactions, ${accounts} accounts, load $(cut -d' ' -f1-3 /proc/loadavg) =="
timed generate "${ariadne[@]}" finance generate --accounts "$accounts" --transactions "$transactions" --seed 1 --out "$work/gen"
timed peer-analyse "${ariadne[@]}" finance analyse --format amlsim --transactions "$work/gen/transactions.csv" \
  --accounts "$work/gen/accounts.csv" --out "$work/peer"

pgconn() { sed 's/;/ /g' <<<"$1" | sed 's/Host=/host=/;s/Port=/port=/;s/Username=/user=/;s/Database=/dbname=/'; }

database() { # label, database, second database (for import --analyse)
  local label=$1 db=$2 fused=$3
  timed "$label-migrate" "${ariadne[@]}" migrate --database "$db"
  timed "$label-import" "${ariadne[@]}" finance import --database "$db" --format amlsim --name bench \
    --transactions "$work/gen/transactions.csv" --accounts "$work/gen/accounts.csv" --parties "$work/gen/parties.csv"
  local id
  id=$(grep -o 'Dataset [0-9a-f-]*' "$work/$label-import.out" | head -n 1 | cut -d' ' -f2)
  timed "$label-run" "${ariadne[@]}" finance run --database "$db" --dataset "$id"
  # The upload page's default and `import --analyse`: analysed straight after the import, from the transactions in memory.
  timed "$label-fused-migrate" "${ariadne[@]}" migrate --database "$fused"
  timed "$label-import-analyse" "${ariadne[@]}" finance import --analyse --database "$fused" --format amlsim --name bench \
    --transactions "$work/gen/transactions.csv" --accounts "$work/gen/accounts.csv" --parties "$work/gen/parties.csv"
}

database sqlite "$work/bench.db" "$work/fused.db"
if [[ -n "${ARIADNE_BENCH_POSTGRES:-}" ]]; then
  name="ariadne_bench_finance_$$"
  psql "$(pgconn "$ARIADNE_BENCH_POSTGRES")" -qc "CREATE DATABASE $name" >/dev/null
  psql "$(pgconn "$ARIADNE_BENCH_POSTGRES")" -qc "CREATE DATABASE ${name}_fused" >/dev/null
  database postgres "${ARIADNE_BENCH_POSTGRES%;Database=*};Database=$name" "${ARIADNE_BENCH_POSTGRES%;Database=*};Database=${name}_fused"
fi
echo "(files in $work)"
