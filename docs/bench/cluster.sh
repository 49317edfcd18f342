#!/usr/bin/env bash
# Side-by-side runs of docs/benchmarks.md, "Several nodes on PostgreSQL". Usage: cluster.sh h2|pg1|pg2|failover|desk
# Run from the repository root after `mvn -B -q package -DskipTests`; for h2, OLD= a checkout of the earlier version,
# built the same way (git worktree add /tmp/old <commit>). PostgreSQL on 127.0.0.1:5432, user postgres (trust).
set -u
NEW=${NEW:-server/target}; OLD=${OLD:-/tmp/old}
SIMJ=${SIMJ:-simulator/target/vagtcentral-simulator.jar}
HERE=$(dirname "$0")
PW=bench-admin-password
LOAD="--connections 16 --io-threads 1 --duration 20s --warmup 5s"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 $p 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
waithealth() { for i in $(seq 1 120); do curl -sf http://127.0.0.1:$1/health/ready >/dev/null && return 0; sleep 0.5; done; echo "node on $1 not ready"; exit 1; }
# an OLD jar from before the demo launcher sent demo traffic itself unless told not to
quiet() { [ "$1" = "$NEW/vagtcentral-server.jar" ] || echo VAGTCENTRAL_DEMO_TRAFFIC=false; }
h2node() { # jar dc09 http
  rm -rf /tmp/bh2-$2; env $(quiet $1) java -Xms256m -Xmx1g -XX:+ExitOnOutOfMemoryError -jar $1 --demo --data-dir /tmp/bh2-$2 --dc09-port $2 --http-port $3 > /tmp/vagtcentral-bench-h2-$2.log 2>&1 &
  pids+=($!); waithealth $3; }
pgnode() { # name db dc09 http [jar]
  JAR=${5:-$NEW/vagtcentral-server.jar}
  rm -rf /tmp/bpg-$1; env VAGTCENTRAL_NODE_ID=$1 VAGTCENTRAL_STORE_URL=jdbc:postgresql://127.0.0.1:5432/$2 VAGTCENTRAL_STORE_USERNAME=postgres \
    $(quiet $JAR) VAGTCENTRAL_AUTH_ADMIN_PASSWORD=$PW \
    java -Xms256m -Xmx1g -XX:+ExitOnOutOfMemoryError -jar $JAR --demo --data-dir /tmp/bpg-$1 --dc09-port $3 --http-port $4 > /tmp/vagtcentral-bench-pg-$1.log 2>&1 &
  pids+=($!); waithealth $4; }
newdb() { DB=vc_bench_$RANDOM$RANDOM; psql -h 127.0.0.1 -U postgres -d test -qc "create database $DB" >/dev/null; echo $DB; }
sim() { java -jar $SIMJ load "$@" 2>&1 | grep -E "^(messages|throughput|ack latency|failover|gap|verify)|from first send|^ +p50"; }
case "$1" in
  h2)  # new vs old vs ceiling, one node on H2
    for mode in "--rate 1000" "--max --outstanding 4"; do
      h2node $NEW/vagtcentral-server.jar 17111 18180; echo "== H2 new $mode"; sim --port 17111 $LOAD $mode; cleanup; pids=()
      h2node $OLD/server/target/vagtcentral-server.jar 17111 18180; echo "== H2 old $mode"; sim --port 17111 $LOAD $mode; cleanup; pids=()
      java -jar $SIMJ baseline-server --port 17199 > /dev/null 2>&1 & pids+=($!); sleep 2; echo "== ceiling $mode"; sim --port 17199 $LOAD $mode; cleanup; pids=()
    done ;;
  pg1)  # one node on PostgreSQL, new vs old (OLD unset or missing: new only)
    for mode in "--rate 1000" "--max --outstanding 4"; do
      DB=$(newdb); pgnode a $DB 17111 18180; echo "== PG one node new $mode"; sim --port 17111 $LOAD $mode; cleanup; pids=()
      if [ -f $OLD/server/target/vagtcentral-server.jar ]; then
        DB=$(newdb); pgnode a $DB 17111 18180 $OLD/server/target/vagtcentral-server.jar; echo "== PG one node old $mode"; sim --port 17111 $LOAD $mode; cleanup; pids=()
      fi
    done ;;
  pg2)  # two nodes on PostgreSQL, half the devices each
    DB=$(newdb); pgnode a $DB 17111 18180; pgnode b $DB 17112 18181
    for mode in "--rate 500" "--max --outstanding 4"; do
      echo "== PG two nodes $mode (each of two)"
      sim --port 17111 --first-account 1000 --devices 128 $LOAD $mode > /tmp/vagtcentral-bench-pg2-a.txt &
      sim --port 17112 --first-account 1080 --devices 128 $LOAD $mode > /tmp/vagtcentral-bench-pg2-b.txt; wait $!
      sleep 1; echo "-- node a"; cat /tmp/vagtcentral-bench-pg2-a.txt; echo "-- node b"; cat /tmp/vagtcentral-bench-pg2-b.txt
    done ;;
  failover)  # devices primary a, secondary b; a killed -9 after 10 s
    DB=$(newdb); pgnode a $DB 17111 18180; pgnode b $DB 17112 18181
    export VAGTCENTRAL_API_TOKEN=$(curl -s -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PW\"}" http://127.0.0.1:18181/api/v1/login | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    ( sleep 14; kill -9 ${pids[0]}; echo "killed a at $(date +%T.%N)" ) &
    echo "== failover: 256 devices at 200/s, primary a, secondary b, a killed at ~12 s of the run"
    java -jar $SIMJ load --port 17111 --secondary 127.0.0.1:17112 --failback-after 60s --rate 200 --ack-timeout 2s \
      --connections 16 --io-threads 1 --duration 30s --warmup 5s --api http://127.0.0.1:18181 --verify 2>&1 | tail -14
 ;;
  desk)  # receipt to desk: devices send to a; desks on a (same node) and on b (the other node)
    DB=$(newdb); pgnode a $DB 17111 18180; pgnode b $DB 17112 18181
    python3 $HERE/desklat.py $PW 30 same-node=127.0.0.1:18180 other-node=127.0.0.1:18181 > /tmp/vagtcentral-bench-desklat.txt &
    DL=$!; sleep 3
    echo "== desk push: 256 devices at 100/s to node a"
    sim --port 17111 --rate 100 --connections 16 --io-threads 1 --duration 20s --warmup 2s
    wait $DL; cat /tmp/vagtcentral-bench-desklat.txt; for p in 18180 18181; do curl -s localhost:$p/metrics | grep -E "^vagtcentral_dispatch_(notify_latency|transaction)_seconds_(sum|count)|^vagtcentral_dispatch_routed_total|^vagtcentral_dispatch_race" | tr "\n" " "; echo; done ;;
esac
