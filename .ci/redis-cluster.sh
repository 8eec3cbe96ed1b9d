#!/usr/bin/env bash
# A local Redis Cluster for the tests: three masters with one replica each, on 127.0.0.1 ports
# WXMINI_REDIS_CLUSTER_PORT (default 7101) to +5, nothing persisted, files under a temporary folder.
#   redis-cluster.sh start   starts whatever node is down and forms the cluster if it is not formed;
#                            returns once every slot is served and every master has its replica
#   redis-cluster.sh stop    shuts every node down and removes its files
#   redis-cluster.sh down    shuts every node down, keeping its files (start brings the same cluster back)
#   redis-cluster.sh kill <port>  kills one node as a crash would (SIGKILL)
#   redis-cluster.sh status  succeeds if the cluster is up and whole
#   redis-cluster.sh nodes   prints the seed nodes, as spring.data.redis.cluster.nodes takes them
# The tests call `start` themselves when the cluster is not up, and it heals a cluster a test left
# with a node down (the node comes back as a replica).
set -euo pipefail

base=${WXMINI_REDIS_CLUSTER_PORT:-7101}
ports=$(seq "$base" $((base + 5)))
dir=${WXMINI_REDIS_CLUSTER_DIR:-${TMPDIR:-/tmp}/wxmini-redis-cluster-$base}

cli() {
	# cli <port> <command…>
	local port=$1
	shift
	redis-cli -h 127.0.0.1 -p "$port" "$@"
}

up() {
	cli "$1" ping 2>/dev/null | grep -q PONG
}

healthy() {
	# every node answers, sees the cluster as ok, and three masters have a replica each
	local port
	for port in $ports; do
		up "$port" || return 1
		cli "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
	done
	# flags are the third field: myself,master / slave / master,fail …; the eighth says connected
	cli "$base" cluster nodes | awk '
		$3 ~ /fail/ || $8 != "connected" { bad++ }
		$3 ~ /master/ && $9 != "" { masters++ }
		$3 ~ /slave/ { replicas++ }
		END { exit !(bad == 0 && masters == 3 && replicas == 3) }' || return 1
}

start_node() {
	local port=$1 node="$dir/$1"
	mkdir -p "$node"
	# A short node timeout makes a failover take about a second.
	redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
		--cluster-enabled yes --cluster-config-file "$node/nodes.conf" --cluster-node-timeout 1000 \
		--dir "$node" --logfile "$node/redis.log" --pidfile "$node/redis.pid"
}

wait_until() {
	# wait_until <seconds> <command…>
	local seconds=$1
	shift
	for _ in $(seq 1 $((seconds * 10))); do
		if "$@"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

all_up() {
	local port
	for port in $ports; do
		up "$port" || return 1
	done
}

start() {
	if healthy; then
		return 0
	fi
	command -v redis-server >/dev/null || {
		echo "redis-server is not installed (Debian: apt-get install redis-server)" >&2
		exit 1
	}
	local port
	for port in $ports; do
		up "$port" || start_node "$port"
	done
	wait_until 10 all_up || {
		echo "the cluster nodes did not start; see $dir/*/redis.log" >&2
		exit 1
	}
	if [ "$(cli "$base" cluster info | sed -n 's/^cluster_known_nodes:\([0-9]*\).*/\1/p')" -lt 6 ] \
		&& [ "$(cli "$base" dbsize)" = 0 ]; then
		local nodes=()
		for port in $ports; do
			nodes+=("127.0.0.1:$port")
		done
		redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$dir/create.log"
	fi
	wait_until 30 healthy || {
		echo "the cluster did not become healthy; see $dir/create.log and $dir/*/redis.log" >&2
		cli "$base" cluster nodes >&2 || true
		exit 1
	}
}

down() {
	local port
	for port in $ports; do
		cli "$port" shutdown nosave >/dev/null 2>&1 || true
	done
	wait_until 10 none_up
}

none_up() {
	local port
	for port in $ports; do
		! up "$port" || return 1
	done
}

crash() {
	local pidfile="$dir/$1/redis.pid"
	[ -f "$pidfile" ] || {
		echo "no node on port $1" >&2
		exit 1
	}
	kill -9 "$(cat "$pidfile")"
	rm -f "$pidfile"
}

stop() {
	local port
	for port in $ports; do
		cli "$port" shutdown nosave >/dev/null 2>&1 || true
	done
	rm -rf "$dir"
}

nodes() {
	local port list=""
	for port in $ports; do
		list="$list${list:+,}127.0.0.1:$port"
	done
	echo "$list"
}

case "${1:-}" in
start) start ;;
status) healthy ;;
down) down ;;
kill) crash "${2:?port}" ;;
stop) stop ;;
nodes) nodes ;;
*)
	echo "usage: $0 start|stop|down|kill <port>|status|nodes" >&2
	exit 2
	;;
esac
