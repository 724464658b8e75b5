#!/usr/bin/env bash
# Laurel beside PostgreSQL doing the same rows (issue 14): starts PostgreSQL (Debian's 15 cluster unless
# BENCH_JDBC_URL names another), a fresh database, and Laurel as a server process (java -jar, -Xmx512m) on it;
# then bench/Compare.java loads the data with SQL and runs each baseline and each Laurel scenario back to back,
# BENCH_ROUNDS times, and prints the table with the ratios. See docs/benchmarks.md for the settings.
#
#   bench/compare.sh                                   # defaults: a few minutes on two cores
#   BENCH_MEMBERS=1000000 BENCH_ENTRIES_PER_MEMBER=20 BENCH_SYNC_BATCHES=100 BENCH_SECONDS=20 bench/compare.sh   # the issue's sizes
#
# BENCH_SCENARIOS=members,hot runs only those scenarios each round (default: sync,members,hot,searches).
# LAUREL_JAR runs another build (default target/laurel.jar, built when missing or when BENCH_BUILD=1).
# LAUREL_JAVA_OPTS adds JVM options to Laurel's (e.g. -XX:StartFlightRecording=filename=target/bench/laurel.jfr to profile it).
# BENCH_KEEP_DATA=1 keeps the database of an earlier run; with BENCH_SKIP_LOAD=1 Compare.java measures on it without loading.
# Rows marked "floor" are PostgreSQL alone writing the rows Laurel keeps for the same work (docs/benchmarks.md, "Floors").
# On a shared machine run it under `flock -o LOCKFILE bench/compare.sh`: -o, or the PostgreSQL it starts keeps the lock.
# BENCH_WARMUP_SECONDS (default 90) warms Laurel's JIT up on each scenario's requests first: with less, the first rounds run cold.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
port=${LAUREL_PORT:-18090}
db=${BENCH_DB:-laurel_bench}
user=${BENCH_DB_USER:-laurel}
password=${BENCH_DB_PASSWORD:-laurel}
jar=${LAUREL_JAR:-$root/target/laurel.jar}
out=$root/target/bench
mkdir -p "$out"
work=$(mktemp -d)
laurel_pid=
cleanup() {
  if [ -n "$laurel_pid" ]; then kill "$laurel_pid" 2>/dev/null || true; wait "$laurel_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${BENCH_JDBC_URL:-}" ]; then
  if ! pg_lsclusters -h 2>/dev/null | awk '$1 == "15" && $2 == "main" && $4 == "online"' | grep -q .; then
    pg_ctlcluster 15 main start
  fi
  as_postgres() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt "$@"; }
  if [ "$(as_postgres -c "select 1 from pg_roles where rolname = '$user'")" != 1 ]; then
    as_postgres -c "create role $user login password '$password'"
  fi
  if [ "${BENCH_KEEP_DATA:-0}" != 1 ]; then
    as_postgres -c "drop database if exists $db (force)"
  fi
  if [ "$(as_postgres -c "select 1 from pg_database where datname = '$db'")" != 1 ]; then
    as_postgres -c "create database $db owner $user"
  fi
  export BENCH_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db"
fi
export BENCH_DB_USER=$user BENCH_DB_PASSWORD=$password LAUREL_PORT=$port

if [ ! -f "$jar" ] || [ "${BENCH_BUILD:-0}" = 1 ]; then
  ./mvnw -q -B -ntp package -DskipTests
fi
pgjar=$(ls "$HOME"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)

# The sample programs, plus a key with the clock scope so the sweep can be run at a later time.
mkdir -p "$work/programs"
cp src/main/resources/samples/programs/*.yaml "$work/programs/"
sed -i 's/^apiKeys:$/apiKeys:\n  - name: bench-clock\n    secret: ${BENCH_CLOCK_KEY}\n    scopes: [clock]/' "$work/programs/pointfollower.yaml"
export BENCH_CLOCK_KEY=${BENCH_CLOCK_KEY:-bench-clock-key-0123456789}
export ACME_API_KEY=${ACME_API_KEY:-dev-acme-admin-key} ACME_PARTNER_KEY=${ACME_PARTNER_KEY:-dev-acme-partner-key}
export POINTFOLLOWER_API_KEY=${POINTFOLLOWER_API_KEY:-dev-pointfollower-admin-key}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "laurel: $jar ($(cd "$root" && git describe --always --dirty 2>/dev/null || echo unknown))"
(cd "$work" && LAUREL_DB_URL=$BENCH_JDBC_URL LAUREL_DB_USERNAME=$user LAUREL_DB_PASSWORD=$password \
  LAUREL_PROGRAMS_DIR=$work/programs LAUREL_CLOCK_ADJUSTABLE=true LAUREL_SWEEPS_ENABLED=false \
  exec java -Xmx512m ${LAUREL_JAVA_OPTS:-} -jar "$jar" >"$out/laurel.log" 2>&1) &
laurel_pid=$!
for _ in $(seq 1 360); do
  if curl -fs "localhost:$port/actuator/health" 2>/dev/null | grep -q UP; then break; fi
  if ! kill -0 "$laurel_pid" 2>/dev/null; then echo "Laurel did not start: see $out/laurel.log"; tail -20 "$out/laurel.log"; exit 1; fi
  sleep 0.5
done
java -Xmx1g -cp "$pgjar" bench/Compare.java | tee "$out/compare-$(date +%Y%m%d-%H%M%S).txt"
echo "Laurel's log: $out/laurel.log"
