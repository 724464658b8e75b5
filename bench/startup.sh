#!/usr/bin/env bash
# Measures Laurel's start-up: from `java -jar` until /actuator/health answers UP, with the embedded
# PostgreSQL. Run after `./mvnw package -DskipTests`. Usage: bench/startup.sh [runs] [java]
set -euo pipefail
runs=${1:-5}
java=${2:-java}
jar=$(cd "$(dirname "$0")/.." && pwd)/target/laurel.jar
port=18080
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() {  # $1: label
  local start end pid
  start=$(date +%s%N)
  (cd "$work" && LAUREL_PORT=$port exec "$java" -jar "$jar" >"$work/log" 2>&1) &
  pid=$!
  for _ in $(seq 1 600); do
    if curl -fs "localhost:$port/actuator/health" 2>/dev/null | grep -q UP; then break; fi
    sleep 0.05
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '%s: %d ms\n' "$1" $(( (end - start) / 1000000 ))
}
"$java" -version 2>&1 | head -1
measure "first start (new ./laurel-data: initdb)"
for i in $(seq 1 "$runs"); do measure "restart $i (existing ./laurel-data)"; done
