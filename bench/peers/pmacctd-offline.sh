#!/usr/bin/env bash
# Runs pmacctd over a pcap file and stops it once its plugins have drained:
#   bench/peers/pmacctd-offline.sh CONF LOG
# CONF must set pcap_savefile and pcap_savefile_wait: true. Without the wait pmacctd stops its
# plugins 2 s after reading the last packet, whether or not they have caught up with the core
# (a plugin that lags loses the rest: seen here with 4.7 M of 5 M packets counted). With it the
# core reads the file, flushes its last buffer, logs "finished reading PCAP capture file" and
# waits; this script then waits until the plugin processes use no more CPU (they have drained
# the ring) and sends SIGINT, on which pmacctd stops the plugins, which write their output.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: pmacctd-offline.sh CONF LOG" >&2; exit 2; }
conf=$1
log=$2
grep -q '^pcap_savefile_wait: *true' "$conf" || { echo "pmacctd-offline: $conf lacks 'pcap_savefile_wait: true'" >&2; exit 2; }

pmacctd -f "$conf" > "$log" 2>&1 &
core=$!
trap 'kill -INT "$core" 2>/dev/null || true' EXIT

while ! grep -q 'finished reading PCAP capture file' "$log"; do
  if ! kill -0 "$core" 2>/dev/null; then
    trap - EXIT
    rc=0; wait "$core" || rc=$?
    echo "pmacctd-offline: pmacctd exited before reading the whole file (status $rc); see $log" >&2
    exit 1
  fi
  sleep 0.05
done

plugin_ticks() { # user+system clock ticks of the core's children (the plugins)
  local total=0 p t
  for p in $(pgrep -P "$core" || true); do
    t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}
# Idle = no CPU tick in three consecutive 0.1 s samples.
prev=$(plugin_ticks); still=0
while [ "$still" -lt 3 ]; do
  sleep 0.1
  now=$(plugin_ticks)
  if [ "$now" = "$prev" ]; then still=$((still + 1)); else still=0; prev=$now; fi
done

trap - EXIT
kill -INT "$core"
wait "$core" || true
