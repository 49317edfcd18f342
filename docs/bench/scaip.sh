#!/usr/bin/env bash
# Side-by-side runs of docs/benchmarks.md, "SCAIP beside DC-09": one server on H2 with both receivers, then the bare
# Netty baseline (simulator baseline-server, which answers both), the same loads against each.
# Run from the repository root after `mvn -B -q package -DskipTests`. Usage: scaip.sh [rate|max|all]
set -u
SERVER=${SERVER:-server/target/vagtcentral-server.jar}
SIMJ=${SIMJ:-simulator/target/vagtcentral-simulator.jar}
LOAD="--connections 16 --io-threads 1 --duration 15s --warmup 3s"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 $p 2>/dev/null; done; wait 2>/dev/null; pids=(); }
trap cleanup EXIT
sim() { echo "== $1"; shift; java -jar $SIMJ load "$@" 2>&1 | grep -E "^(messages|throughput|verify)|from first send|^ +p50"; }
runs() { # dc09-port scaip-port label mode...
  local d=$1 s=$2 label=$3; shift 3
  sim "$label DC-09 tcp $*" --port $d $LOAD "$@"
  sim "$label SCAIP udp $*" --protocol scaip --transport udp --port $s $LOAD "$@"
  sim "$label SCAIP tcp $*" --protocol scaip --transport tcp --port $s $LOAD "$@"
}
modes=("--rate 500" "--max --outstanding 4")
case "${1:-all}" in rate) modes=("--rate 500");; max) modes=("--max --outstanding 4");; esac
for mode in "${modes[@]}"; do
  rm -rf /tmp/bscaip; java -Xms256m -Xmx1g -jar $SERVER --demo --data-dir /tmp/bscaip --dc09-port 17111 \
    --http-port 18180 --scaip-port 17160 > /tmp/vagtcentral-bench-scaip.log 2>&1 & pids+=($!)
  for i in $(seq 1 120); do curl -sf http://127.0.0.1:18180/health/ready >/dev/null && break; sleep 0.5; done
  runs 17111 17160 server $mode; cleanup
  java -jar $SIMJ baseline-server --port 17199 > /dev/null 2>&1 & pids+=($!); sleep 2
  runs 17199 17199 ceiling $mode; cleanup
done
