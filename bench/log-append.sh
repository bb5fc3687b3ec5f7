#!/usr/bin/env bash
# Append throughput of audit-service's transparency log against plain single-row inserts, measured
# in the same run on a fresh database; writes bench/results/log-append.txt.
# Uses the TEST-ONLY source key of test-support (TestSourceKeys); never point this at a real log.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/env.sh
pick_java
ensure_postgres
ENTRIES=${ENTRIES:-40000}
CLIENTS=${CLIENTS:-4}
BATCH=${BATCH:-500}
DB=audit_bench

psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -c "drop database if exists $DB" postgres
psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -c "create database $DB" postgres
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -o -pl audit-service -am package -DskipTests

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p .run bench/results
# A throwaway checkpoint key: the packaged audit-service never generates one.
log_key=$(java k8s/src/main/java/io/photosync/k8s/MakeSecrets.java --env | sed -n "s/^export AUDIT_LOG_PRIVATE_KEY='\(.*\)'\$/\1/p")
account_public='{"kty":"EC","crv":"P-256","kid":"account-service","x":"LJBEu00XsUVI6SO6KalVfhfYffLSlq9-j83MccNGGXc","y":"FRTN-N4z2PzPW-_4NxELCUsewK0P68aT3LXh1Mphkfk"}'
DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" QUARKUS_HTTP_PORT=$port AUDIT_LOG_PRIVATE_KEY="$log_key" AUDIT_SOURCE_ACCOUNT_PUBLIC_KEY="$account_public" \
  QUARKUS_LOG_LEVEL=WARN java -jar audit-service/target/quarkus-app/quarkus-run.jar >.run/bench-audit.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null || { echo "audit-service did not start; see .run/bench-audit.log" >&2; exit 1; }

cp="audit-service/target/quarkus-app/lib/main/*:$(ls test-support/target/test-support-*.jar | head -1)"
java -cp "$cp" bench/LogAppendBench.java "http://127.0.0.1:$port" "jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" \
  "$ENTRIES" "$CLIENTS" "$BATCH" bench/results/log-append.txt
