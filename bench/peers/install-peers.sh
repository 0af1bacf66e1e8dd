#!/usr/bin/env bash
# Installs the peer tools that bench/peers/flows-peers.sh and query-nfdump.sh time (Debian 12).
# Idempotent: installs only what is missing. Benchmarks do not run in CI; this is for the machine
# that runs them. Versions measured with (Debian 12, December 2026): tshark/wireshark-common
# 4.0.17-0+deb12u3, pmacct 1.7.7-1+b1, softflowd 1.1.0-1+b1, argus-server 2:3.0.8.2-2.2,
# argus-client 1:3.0.8.2-6.1+b3, nfdump 1.7.1-2+deb12u1, tcpreplay 4.4.3-1, tcpdump 4.99.3-1,
# hyperfine 1.15.0-2, jq 1.6-2.1, time 1.9-0.2.
set -euo pipefail
pkgs=(tshark wireshark-common pmacct softflowd argus-server argus-client nfdump tcpreplay tcpdump hyperfine jq time)
need=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ "${#need[@]}" -eq 0 ]; then
  echo "install-peers: all installed: ${pkgs[*]}"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
# wireshark-common asks whether non-root users may capture; the default (no) is fine here.
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
# The packages ship services (pmacctd, softflowd, argus, nfdump); on a machine with an init system
# they may start collecting on the default interface. The benchmarks need none of them running.
for svc in pmacctd softflowd argus nfdump; do
  if command -v systemctl >/dev/null && systemctl is-active -q "$svc" 2>/dev/null; then
    $sudo systemctl stop "$svc" || true
  fi
done
echo "install-peers: installed ${need[*]}"
