#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on loopback ports, for trying the
# library where one server is not enough (docs/galera.md). Leaves the main
# MariaDB on 3306 alone: its own datadirs, sockets and ports.
#
#   bash scripts/galera.sh start    # bootstrap node 1, join nodes 2 and 3
#   bash scripts/galera.sh urls     # GALERA_URLS=mysql://root@127.0.0.1:3311/test,...
#   bash scripts/galera.sh status   # wsrep_cluster_size per node
#   bash scripts/galera.sh stop     # stop the nodes, delete the datadirs
#   bash scripts/galera.sh test     # start, run tests/galera across the nodes, stop
#
# Ports: node N (1..3) serves SQL on 3310+N, Galera's group channel on
# 4570+N, IST on 4580+N, SST (rsync) on 4590+N. GALERA_DIR (default
# /tmp/diesel-relations-galera) holds everything.
set -euo pipefail

DIR=${GALERA_DIR:-/tmp/diesel-relations-galera}
PROVIDER=${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}
MARIADBD=${MARIADBD:-/usr/sbin/mariadbd}
# The nodes run as this user: under root, the joiner's rsync daemon would
# switch to "nobody" and could not write the datadir.
RUN_AS=${GALERA_USER:-mysql}
NODES=(1 2 3)
CLUSTER="gcomm://127.0.0.1:4571,127.0.0.1:4572,127.0.0.1:4573"

sql_port() { echo $((3310 + $1)); }

client() { # node, sql...
  mariadb --no-defaults -uroot --socket="$DIR/node$1/mysqld.sock" -N -B -e "$2"
}

wait_until() { # seconds, description, command...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "galera.sh: $what did not happen within $seconds s" >&2
  return 1
}

synced() { [ "$(client "$1" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT'")" = Synced ]; }

start_node() { # node, extra options...
  local n=$1; shift
  local d="$DIR/node$n"
  "$MARIADBD" --no-defaults --user="$RUN_AS" \
    --datadir="$d/data" --socket="$d/mysqld.sock" --pid-file="$d/mysqld.pid" \
    --log-error="$d/error.log" --port="$(sql_port "$n")" --bind-address=127.0.0.1 \
    --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2 \
    --innodb-buffer-pool-size=64M --max-connections=100 \
    --wsrep-on=ON --wsrep-provider="$PROVIDER" --wsrep-cluster-name=diesel_relations \
    --wsrep-cluster-address="$CLUSTER" --wsrep-node-name="node$n" \
    --wsrep-node-address="127.0.0.1:$((4570 + n))" \
    --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$((4570 + n));ist.recv_addr=127.0.0.1:$((4580 + n))" \
    --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$((4590 + n))" \
    "$@" >>"$d/stdout.log" 2>&1 &
  wait_until 120 "node $n syncing" synced "$n"
}

start() {
  [ -x "$MARIADBD" ] || { echo "galera.sh: no $MARIADBD" >&2; exit 1; }
  [ -f "$PROVIDER" ] || { echo "galera.sh: no $PROVIDER (apt-get install galera-4)" >&2; exit 1; }
  command -v rsync >/dev/null || { echo "galera.sh: rsync is needed for SST" >&2; exit 1; }
  if [ -S "$DIR/node1/mysqld.sock" ] && synced 1; then echo "already running"; return; fi
  rm -rf "$DIR"
  mkdir -p "$DIR" && chown "$RUN_AS" "$DIR"
  for n in "${NODES[@]}"; do
    mkdir -p "$DIR/node$n/data"
    chown -R "$RUN_AS" "$DIR"
    mariadb-install-db --no-defaults --user="$RUN_AS" --datadir="$DIR/node$n/data" \
      --auth-root-authentication-method=normal --skip-test-db >"$DIR/node$n/install.log" 2>&1
  done
  start_node 1 --wsrep-new-cluster
  # Root over TCP without a password, as on the main server; replicated.
  client 1 "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; \
            GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; \
            CREATE DATABASE IF NOT EXISTS test"
  start_node 2
  start_node 3
  status
}

stop() {
  for n in 3 2 1; do
    local pid="$DIR/node$n/mysqld.pid"
    if [ -f "$pid" ]; then
      kill "$(cat "$pid")" 2>/dev/null || true
      wait_until 60 "node $n stopping" test ! -e "$pid" || true
    fi
  done
  rm -rf "$DIR"
}

status() {
  for n in "${NODES[@]}"; do
    printf 'node%s 127.0.0.1:%s cluster size %s, auto_increment %s\n' "$n" "$(sql_port "$n")" \
      "$(client "$n" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE'")" \
      "$(client "$n" "SELECT CONCAT(@@auto_increment_increment, '/', @@auto_increment_offset)")"
  done
}

urls() {
  local out=()
  for n in "${NODES[@]}"; do out+=("mysql://root@127.0.0.1:$(sql_port "$n")/test"); done
  (IFS=,; echo "GALERA_URLS=${out[*]}")
}

# Starts the cluster, runs the Galera trials (tests/galera) with writes
# spread across the nodes, and stops the cluster whatever they return.
# Extra arguments go to the test binary (a filter, --nocapture).
run_tests() {
  start
  trap stop EXIT
  local root
  root=$(cd "$(dirname "$0")/.." && pwd)
  eval "export $(urls)"
  (cd "$root" && cargo test --features mysql --test galera -- "$@")
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  urls) urls ;;
  test) shift; run_tests "$@" ;;
  *) echo "usage: $0 start|stop|status|urls|test" >&2; exit 2 ;;
esac
