#!/usr/bin/env bash
# Replaces each provider's migrations with one regenerated `Initial` migration, keeping the hand-written part
# (the audit log's append-only triggers and their removal, Data/Migrations/AuditLogTriggers.cs; PostgreSQL's partitions
# of the financial transactions, Data/Migrations/FinanceTransactionPartitions.cs).
# Allowed only while no installation has to be upgraded in place: see docs/architecture.md, "Migrations".
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
rm -rf src/Ariadne.Core/Data/Migrations/Sqlite src/Ariadne.Core/Data/Migrations/Postgres
for provider in Sqlite Postgres; do
  dotnet ef migrations add Initial --project src/Ariadne.Core --startup-project src/Ariadne \
    --context "${provider}AppDbContext" --output-dir "Data/Migrations/$provider" >/dev/null
done
for file in src/Ariadne.Core/Data/Migrations/*/*_Initial.cs; do
  python3 - "$file" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
start = text.index("protected override void Up")
end = text.index("\n        }\n", start)
text = text[:end] + "\n\n            AuditLogTriggers.Create(migrationBuilder);\n            FinanceTransactionPartitions.Create(migrationBuilder);" + text[end:]
start = text.index("protected override void Down")
end = text.index("\n        }\n", start)
text = text[:end] + "\n\n            AuditLogTriggers.Drop(migrationBuilder);" + text[end:]
open(path, "w").write(text)
PY
done
dotnet format Ariadne.slnx --include src/Ariadne.Core/Data/Migrations/ >/dev/null 2>&1 || true
echo "squash-migrations.sh: one Initial migration per provider in src/Ariadne.Core/Data/Migrations/"
