#!/usr/bin/env bash
# Two network namespaces joined by a veth pair: a real IP stack over a real device, not loopback.
#   Benchmarks/netns-pair.sh up [PREFIX] [gro]
#                                           creates PREFIX-a (10.200.0.1/24, fd00:200::1/64)
#                                           and PREFIX-b (10.200.0.2/24, fd00:200::2/64); with gro,
#                                           GRO is switched on for both ends (ethtool), which gives a
#                                           veth device a NAPI instance that SO_BUSY_POLL can poll
#   Benchmarks/netns-pair.sh down [PREFIX]  removes both (the veth pair goes with them)
# PREFIX defaults to sbnet. Needs root and iproute2. Every address lives only inside the two
# namespaces; nothing is added to the host's own namespace.
set -euo pipefail
action=${1:-}
prefix=${2:-sbnet}
gro=${3:-}
a=$prefix-a
b=$prefix-b
case "$action" in
up)
    ip netns add "$a"
    ip netns add "$b"
    ip -n "$a" link add veth0 type veth peer name veth0 netns "$b"
    for ns in "$a" "$b"; do ip -n "$ns" link set lo up; done
    ip -n "$a" addr add 10.200.0.1/24 dev veth0
    ip -n "$b" addr add 10.200.0.2/24 dev veth0
    if [ -d /proc/sys/net/ipv6 ]; then
        ip -n "$a" addr add fd00:200::1/64 dev veth0 nodad
        ip -n "$b" addr add fd00:200::2/64 dev veth0 nodad
    fi
    ip -n "$a" link set veth0 up
    ip -n "$b" link set veth0 up
    if [ "$gro" = gro ]; then
        for ns in "$a" "$b"; do ip netns exec "$ns" ethtool -K veth0 gro on; done
    fi
    echo "up: $a 10.200.0.1 fd00:200::1  <-veth->  $b 10.200.0.2 fd00:200::2${gro:+ (GRO on)}"
    ;;
down)
    ip netns del "$a" 2>/dev/null || true
    ip netns del "$b" 2>/dev/null || true
    echo "down: $a $b"
    ;;
*)
    echo "usage: $0 up [PREFIX] [gro] | down [PREFIX]" >&2
    exit 64
    ;;
esac
