#!/usr/bin/env bash
# Live capture on a veth, Weir against tcpdump and pmacctd in the same run.
#
# A pcap is replayed with `tcpreplay --topspeed` into the host end of a veth pair whose other end sits in a
# network namespace made for this run; each capturer in turn listens on that other end (inside the namespace),
# for the same replay. Reported per capturer: frames captured of frames sent, captured frames per second of
# replay time, kernel drops, and CPU seconds (from /proc/PID/stat, utime+stime) per million frames captured.
# Nothing leaves the machine: the namespace has no routes and the frames end at the veth.
#
# usage: sudo bench/peers/live-veth.sh [PACKETS]        (default 1000000)
# env:   PCAP=file.pcap   replay this file (its first PACKETS packets) instead of /tmp/weir-5m.pcap or a
#                         generated one
#        RUNS=1           replays per capturer (the best is reported)
#        OUT=dir          keep the work files there
# needs: root, iproute2, tcpreplay, tcpdump, pmacct (pmacctd), python3 (only to generate a pcap), dotnet
set -euo pipefail
cd "$(dirname "$0")/../.."

PACKETS=${1:-1000000}
RUNS=${RUNS:-1}
OUT=${OUT:-$(mktemp -d /tmp/weir-live-bench.XXXXXX)}
mkdir -p "$OUT"
tag=$(printf '%04x' $((RANDOM % 65536)))
NS=weir-b-$tag
HOST_IF=wb${tag}h
PEER_IF=wb${tag}p

for tool in ip tcpreplay tcpdump pmacctd dotnet; do
  command -v "$tool" >/dev/null || { echo "live-veth: needs $tool (apt-get install iproute2 tcpreplay tcpdump pmacct)" >&2; exit 2; }
done
[ "$(id -u)" -eq 0 ] || { echo "live-veth: needs root (raw sockets, namespaces)" >&2; exit 2; }

cleanup() {
  ip netns del "$NS" 2>/dev/null || true
  ip link del "$HOST_IF" 2>/dev/null || true
}
trap cleanup EXIT

# --- the pcap ---------------------------------------------------------------------------------------------
PCAP_SOURCE=${PCAP:-}
if [ -z "$PCAP_SOURCE" ] && [ -s /tmp/weir-5m.pcap ]; then
  PCAP_SOURCE=/tmp/weir-5m.pcap
fi
if [ -n "$PCAP_SOURCE" ]; then
  # A prefix of the file, so tcpreplay can preload it into memory and replay it from there.
  REPLAY=$OUT/prefix.pcap
  tcpdump -r "$PCAP_SOURCE" -c "$PACKETS" -w "$REPLAY" 2>/dev/null
  echo "pcap: first $PACKETS packets of $PCAP_SOURCE"
else
  REPLAY=$OUT/generated.pcap
  echo "pcap: generating $PACKETS packets (no /tmp/weir-5m.pcap yet) into $REPLAY"
  python3 - "$PACKETS" "$REPLAY" <<'PY'
import random, struct, sys
# A deterministic mix: 20k flows (IPv4 80 %, IPv6 20 %; TCP 70 %, UDP 30 %) with frame sizes drawn from an
# Internet-like distribution (many small, a peak at MTU). Addresses are from the benchmarking and documentation
# ranges. Checksums are left zero: nothing decodes them here.
n, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261201)
flows = []
for i in range(20000):
    v6 = rng.random() < 0.2
    proto = 6 if rng.random() < 0.7 else 17
    if v6:
        src = bytes.fromhex('20010db8') + rng.randbytes(12)
        dst = bytes.fromhex('20010db8') + rng.randbytes(12)
    else:
        src = bytes([198, 18 + rng.randrange(2), rng.randrange(256), rng.randrange(1, 255)])
        dst = bytes([198, 18 + rng.randrange(2), rng.randrange(256), rng.randrange(1, 255)])
    flows.append((v6, proto, src, dst, rng.randrange(1024, 65535), rng.choice([53, 80, 123, 443, 5432, 8080])))
sizes = [64] * 45 + [128] * 10 + [256] * 5 + [576] * 10 + [1024] * 5 + [1500] * 25
eth4 = b'\x02\x57\x00\x00\x00\x02' + b'\x02\x57\x00\x00\x00\x01' + b'\x08\x00'
eth6 = b'\x02\x57\x00\x00\x00\x02' + b'\x02\x57\x00\x00\x00\x01' + b'\x86\xdd'
with open(path, 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b23c4d, 2, 4, 0, 0, 65535, 1))
    t = 1764547200 * 10**9
    out = []
    for i in range(n):
        v6, proto, src, dst, sport, dport = flows[int(rng.paretovariate(1.2)) % len(flows)]
        size = rng.choice(sizes)
        l4 = (struct.pack('!HHIIBBHHH', sport, dport, i, 0, 0x50, 0x10, 65535, 0, 0) if proto == 6
              else struct.pack('!HHHH', sport, dport, 0, 0))
        ip_len = 40 if v6 else 20
        payload = max(0, size - 14 - ip_len - len(l4))
        if v6:
            ip = struct.pack('!IHBB', 0x60000000, len(l4) + payload, proto, 64) + src + dst
            frame = eth6 + ip + l4 + bytes(payload)
        else:
            ip = struct.pack('!BBHHHBBH', 0x45, 0, 20 + len(l4) + payload, i & 0xffff, 0, 64, proto, 0) + src + dst
            frame = eth4 + ip + l4 + bytes(payload)
        t += 1000
        out.append(struct.pack('<IIII', t // 10**9, t % 10**9, len(frame), len(frame)) + frame)
        if len(out) == 10000:
            f.write(b''.join(out)); out = []
    f.write(b''.join(out))
PY
fi

# --- the veth ---------------------------------------------------------------------------------------------
ip netns add "$NS"
ip link add "$HOST_IF" type veth peer name "$PEER_IF"
ip link set "$PEER_IF" netns "$NS"
ip link set "$HOST_IF" up
ip -n "$NS" link set "$PEER_IF" up
# The replayed frames are not addressed to the peer; no IP configuration, so the stack drops them after the taps.
sleep 0.5

dotnet build src/Host -c Release -v q -nologo >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
WEIR_DLL=$(pwd)/src/Host/bin/Release/net10.0/weir.dll

cpu_seconds() { # utime + stime of a live process, in seconds (0 when it already exited: see its .err file)
  [ -r "/proc/$1/stat" ] || { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"
}

replay() { # replays PACKETS frames at top speed; prints "sent seconds"
  tcpreplay --topspeed --preload-pcap --limit="$PACKETS" -i "$HOST_IF" "$REPLAY" >"$OUT/tcpreplay.log" 2>&1
  awk '/Actual:/ { for (i = 1; i <= NF; i++) { if ($i == "packets") p = $(i-1); if ($i == "seconds") s = $(i-1) } }
       END { print p, s }' "$OUT/tcpreplay.log"
}

results=()
run_one() { # name, command...  (the capturer runs inside the namespace; stopped with SIGTERM)
  local name=$1; shift
  ip netns exec "$NS" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" &
  local pid=$!
  sleep 2   # let it open the interface (and the .NET runtime start)
  read -r sent seconds < <(replay)
  sleep 1   # let the last block retire
  local cpu; cpu=$(cpu_seconds "$pid")
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || true
  echo "$sent $seconds $cpu"
}

report() { # name sent seconds captured dropped cpu
  awk -v n="$1" -v sent="$2" -v s="$3" -v got="$4" -v drop="$5" -v cpu="$6" 'BEGIN {
    printf "| %-31s | %9d | %9d | %6.2f %% | %10.0f | %12d | %7.3f | %9.3f |\n",
      n, sent, got, 100 * got / sent, got / s, drop, cpu, (got > 0 ? cpu / (got / 1e6) : 0) }'
}

echo
echo "| capturer                        |      sent |  captured | captured | frames/s   | kernel drops | cpu s   | cpu s / M |"
echo "| ------------------------------- | --------- | --------- | -------- | ---------- | ------------ | ------- | --------- |"

for run in $(seq "$RUNS"); do
  # Weir: the AF_PACKET TPACKET_V3 ring (default 16 × 1 MiB), counting frames only.
  read -r sent seconds cpu < <(run_one weir dotnet "$WEIR_DLL" capture-test -i "$PEER_IF" --duration 1h --format json --snaplen 65535)
  got=$(grep -o '"frames":[0-9]*' "$OUT/weir.out" | cut -d: -f2)
  drop=$(grep -o '"kernel_dropped":[0-9]*' "$OUT/weir.out" | cut -d: -f2)
  self_cpu=$(grep -o '"cpu_seconds":[0-9.]*' "$OUT/weir.out" | cut -d: -f2)
  report "weir capture-test" "$sent" "$seconds" "${got:-0}" "${drop:-0}" "$cpu"
  report "weir (capture loop only)" "$sent" "$seconds" "${got:-0}" "${drop:-0}" "$self_cpu"

  # Weir with a 128-byte snap length (what a flow monitor needs).
  read -r sent seconds cpu < <(run_one weir128 dotnet "$WEIR_DLL" capture-test -i "$PEER_IF" --duration 1h --format json --snaplen 128)
  got=$(grep -o '"frames":[0-9]*' "$OUT/weir128.out" | cut -d: -f2)
  drop=$(grep -o '"kernel_dropped":[0-9]*' "$OUT/weir128.out" | cut -d: -f2)
  report "weir capture-test -s 128" "$sent" "$seconds" "${got:-0}" "${drop:-0}" "$cpu"

  # Weir over two rings in one PACKET_FANOUT (hash) group, one reader thread each.
  read -r sent seconds cpu < <(run_one weirfanout dotnet "$WEIR_DLL" capture-test -i "$PEER_IF" --duration 1h --format json --fanout 2)
  got=$(grep -o '"frames":[0-9]*' "$OUT/weirfanout.out" | cut -d: -f2)
  drop=$(grep -o '"kernel_dropped":[0-9]*' "$OUT/weirfanout.out" | cut -d: -f2)
  report "weir capture-test --fanout 2" "$sent" "$seconds" "${got:-0}" "${drop:-0}" "$cpu"

  # Weir's libpcap fallback source (same library tcpdump uses).
  read -r sent seconds cpu < <(run_one weirpcap dotnet "$WEIR_DLL" capture-test -i "$PEER_IF" --duration 1h --format json --source pcap)
  got=$(grep -o '"frames":[0-9]*' "$OUT/weirpcap.out" | cut -d: -f2)
  drop=$(grep -o '"kernel_dropped":[0-9]*' "$OUT/weirpcap.out" | cut -d: -f2)
  report "weir capture-test --source pcap" "$sent" "$seconds" "${got:-0}" "${drop:-0}" "$cpu"

  # Weir with a deliberately tiny ring (2 x 64 KiB): shows kernel drops are counted, not hidden.
  read -r sent seconds cpu < <(run_one weirtiny dotnet "$WEIR_DLL" capture-test -i "$PEER_IF" --duration 1h --format json --block-kib 64 --block-count 2 --snaplen 2048)
  got=$(grep -o '"frames":[0-9]*' "$OUT/weirtiny.out" | cut -d: -f2)
  drop=$(grep -o '"kernel_dropped":[0-9]*' "$OUT/weirtiny.out" | cut -d: -f2)
  report "weir, ring 2 x 64 KiB" "$sent" "$seconds" "${got:-0}" "${drop:-0}" "$cpu"

  # tcpdump writing nothing, with a 16 MiB buffer like Weir's ring.
  read -r sent seconds cpu < <(run_one tcpdump tcpdump -i "$PEER_IF" -w /dev/null -s 65535 -B 16384 -n)
  got=$(awk '/packets captured/ { print $1 }' "$OUT/tcpdump.err")
  drop=$(awk '/dropped by kernel/ { print $1 }' "$OUT/tcpdump.err")
  report "tcpdump -w /dev/null" "$sent" "$seconds" "${got:-0}" "${drop:-0}" "$cpu"

  # pmacctd aggregating flows by 5-tuple into memory, printed once at exit.
  cat >"$OUT/pmacctd.conf" <<CONF
daemonize: false
pcap_interface: $PEER_IF
snaplen: 128
aggregate: src_host, dst_host, src_port, dst_port, proto
plugins: print
print_output: csv
print_output_file: $OUT/pmacctd.csv
print_refresh_time: 3600
pcap_ifindex: sys
CONF
  read -r sent seconds cpu < <(run_one pmacctd pmacctd -f "$OUT/pmacctd.conf")
  got=$(awk -F, 'NR > 1 { s += $(NF-1) } END { print s + 0 }' "$OUT/pmacctd.csv" 2>/dev/null || echo 0)
  drop=$(grep -oE 'dropped packets: [0-9]+|[0-9]+ packets dropped' "$OUT/pmacctd.err" | grep -oE '[0-9]+' | tail -1 || true)
  report "pmacctd (print plugin)" "$sent" "$seconds" "${got:-0}" "${drop:-0}" "$cpu"
done

echo
echo "kernel: $(uname -r); cpus: $(nproc); pcap: ${PCAP_SOURCE:-generated}; work files: $OUT"
