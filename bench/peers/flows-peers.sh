#!/usr/bin/env bash
# Times Weir's pcap-to-flows aggregation against peer tools on the same machine in the same run.
#
#   bench/peers/flows-peers.sh FILE [--runs N] [--only a,b,...] [--skip a,b,...] [--out DIR]
#
# Tools (names for --only/--skip): dd, softflowd, nfpcapd, argus, pmacctd, tshark-l3, tshark, weir.
# Each is run N times (default 3) on a warm page cache; the table gives the median wall-clock time,
# CPU time, packets per second, the ratio to the fastest peer and to dd (the floor: reading the
# file), the CPU ratio to the least-CPU peer, and each tool's own flow/packet/byte counts: a tool
# that counted fewer or more packets than capinfos is flagged INCOMPLETE or OVERCOUNT.
# pmacctd runs through bench/peers/pmacctd-offline.sh (see the comments at its configuration).
# Command lines and the reasons for them: docs/benchmarks/peers.md.
#
# Environment:
#   WEIR_CMD   the weir command to time; {file} is replaced by FILE. Default:
#              out/weir/weir flows -r {file} --format json, published first as an operator deploys it:
#              dotnet publish src/Host -c Release -r linux-x64 --self-contained false
#              -p:PublishReadyToRun=true -o out/weir (precompiled: half the start-up of a plain build).
#              Output that is weir's JSON
#              ({"totals":{"packets":..,"bytes":..,"flows":..}}) is checked; anything else is timed only.
#   SOFTFLOWD_PORT  UDP port on 127.0.0.1 that softflowd exports to (default 39995; nothing needs
#              to listen: the export is part of softflowd's work, its reception is not).
#
# Peer packages (Debian 12): tshark wireshark-common pmacct softflowd argus-server argus-client
# nfdump hyperfine jq time. A peer that is not installed is skipped with a note.
set -euo pipefail

usage() {
  awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"
  exit 2
}

die() { echo "flows-peers: $*" >&2; exit 2; }
note() { echo "flows-peers: $*" >&2; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
file=""
runs=3
only=""
skip=""
outdir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; runs=$2; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --only) [ $# -ge 2 ] || die "--only needs a list"; only=$2; shift 2 ;;
    --only=*) only=${1#*=}; shift ;;
    --skip) [ $# -ge 2 ] || die "--skip needs a list"; skip=$2; shift 2 ;;
    --skip=*) skip=${1#*=}; shift ;;
    --out) [ $# -ge 2 ] || die "--out needs a directory"; outdir=$2; shift 2 ;;
    --out=*) outdir=${1#*=}; shift ;;
    -h|--help) usage ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) [ -z "$file" ] || die "only one FILE, got '$file' and '$1'"; file=$1; shift ;;
  esac
done
[ -n "$file" ] || usage
[ -f "$file" ] || die "no such file: $file"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$runs'"
file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
command -v jq >/dev/null || die "jq is required (apt-get install jq)"

wanted() {
  local t=$1
  if [ -n "$only" ] && [[ ",$only," != *",$t,"* ]]; then return 1; fi
  if [ -n "$skip" ] && [[ ",$skip," == *",$t,"* ]]; then return 1; fi
  return 0
}

work=$(mktemp -d "${TMPDIR:-/tmp}/flows-peers.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Machine and input.
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
[ -n "$cpu" ] || cpu=$(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -1)
size=$(stat -c %s "$file")
stamp=$(stat -c '%s %Y' "$file")
mem_avail=$(awk '/MemAvailable/ {printf "%.0f", $2 * 1024}' /proc/meminfo)
if command -v capinfos >/dev/null; then
  packets=$( (capinfos -M -c -T -r "$file" 2>/dev/null || true) | awk -F'\t' 'NR==1 {print $2}')
else
  packets=""
  note "capinfos (wireshark-common) not installed: packets/s column left empty"
fi

echo "## Flow aggregation: Weir and peers"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) memory, kernel $(uname -r)"
echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- input: \`$file\`, $size bytes, ${packets:-?} packets"
echo "- runs per tool: $runs (median wall-clock; page cache warmed first)"
if [ "$size" -gt "${mem_avail:-0}" ]; then
  note "warning: the file ($size bytes) is larger than available memory; figures include disk reads"
fi
echo

# Warm the page cache so that every tool, dd included, reads from memory.
cat "$file" > /dev/null
cat "$file" > /dev/null

# ---------------------------------------------------------------------------------------------
# Timing. Each tool: name, command line (a shell string), optional preparation run before each
# timed run (not timed), and a check that prints "flows packets bytes" from the last run's output.
declare -a names=() cmds=() medians=() mins=() maxs=() cpus=() flows=() pkts=() bytes=() notes=()

time_cmd() { # name prepare command -> sets t_median t_min t_max t_cpu (seconds) or returns 1
  local name=$1 prepare=$2 cmd=$3 json="$work/$1.hyperfine.json"
  if command -v hyperfine >/dev/null; then
    local args=(--runs "$runs" --export-json "$json" --style basic)
    [ -n "$prepare" ] && args+=(--prepare "$prepare")
    if ! hyperfine "${args[@]}" "$cmd" > "$work/$name.hyperfine.log" 2>&1; then
      cat "$work/$name.hyperfine.log" >&2
      return 1
    fi
    t_median=$(jq -r '.results[0].median' "$json")
    t_min=$(jq -r '.results[0].min' "$json")
    t_max=$(jq -r '.results[0].max' "$json")
    t_cpu=$(jq -r '.results[0].user + .results[0].system' "$json")
  else
    local i t all=() cpu_sum=0
    for ((i = 0; i < runs; i++)); do
      [ -n "$prepare" ] && bash -c "$prepare"
      if ! /usr/bin/time -f '%e %U %S' -o "$work/$name.time" bash -c "$cmd"; then return 1; fi
      all+=("$(cut -d' ' -f1 "$work/$name.time")")
      cpu_sum=$(awk -v s="$cpu_sum" '{print s + $2 + $3}' "$work/$name.time")
    done
    t_cpu=$(awk -v s="$cpu_sum" -v n="$runs" 'BEGIN {print s / n}')
    mapfile -t all < <(printf '%s\n' "${all[@]}" | sort -g)
    t_min=${all[0]}
    t_max=${all[$((${#all[@]} - 1))]}
    if (( ${#all[@]} % 2 )); then t_median=${all[$((${#all[@]} / 2))]}
    else t_median=$(awk -v a="${all[$((${#all[@]} / 2 - 1))]}" -v b="${all[$((${#all[@]} / 2))]}" 'BEGIN {print (a + b) / 2}'); fi
  fi
}

run_tool() { # name display-command prepare command check-function
  local name=$1 shown=$2 prepare=$3 cmd=$4 check=$5 counts
  note "timing $name ($runs runs): $shown"
  if ! time_cmd "$name" "$prepare" "$cmd"; then
    note "$name failed; see the output above"
    names+=("$name"); cmds+=("$shown"); medians+=(""); mins+=(""); maxs+=(""); cpus+=("")
    flows+=(""); pkts+=(""); bytes+=(""); notes+=("failed")
    return 0
  fi
  counts=$($check 2>/dev/null || true)
  read -r f p b n <<< "${counts:-- - - check failed}"
  # A tool that read only part of the file (or none: argus exits 0 on an unreadable file) is flagged.
  if [ -n "$packets" ] && [[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -lt "$packets" ]; then
    n="INCOMPLETE($p-of-$packets-packets),${n:-}"
  elif [ -n "$packets" ] && [[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -gt "$packets" ]; then
    n="OVERCOUNT(+$((p - packets))-packets),${n:-}"
  fi
  names+=("$name"); cmds+=("$shown"); medians+=("$t_median"); mins+=("$t_min"); maxs+=("$t_max"); cpus+=("$t_cpu")
  flows+=("$f"); pkts+=("$p"); bytes+=("$b"); notes+=("${n:-}")
}

skipped=()
have() { # name executable...
  local name=$1; shift
  local exe
  for exe in "$@"; do
    if ! command -v "$exe" >/dev/null; then
      skipped+=("$name: \`$exe\` not installed")
      return 1
    fi
  done
}

# dd: the floor, reading the file once.
check_dd() { echo "- - $(sed -n 's/^\([0-9]*\) bytes.*/\1/p' "$work/dd.err" | tail -1) -"; }
if wanted dd; then
  run_tool dd "dd if=FILE of=/dev/null bs=1M" "" \
    "dd if='$file' of=/dev/null bs=1M 2> '$work/dd.err'" check_dd
fi

# softflowd: NetFlow probe. -d stays in the foreground and exits at the end of the file, printing
# its statistics; -m lifts the 8192-flow table limit (forced expiry would otherwise dominate);
# -6 tracks IPv6; -v 9 can export IPv6. Flows are bidirectional 5-tuples. No -c: -r turns the
# control socket off, and a -c after it turns it back on, where softflowd 1.1.0 then polls an
# uninitialised pollfd when reading a file and can block in accept() for ever.
check_softflowd() {
  local out=$work/softflowd.out
  local p f b
  p=$(sed -n 's/^Packets processed: *\([0-9]*\).*/\1/p' "$out")
  f=$(sed -n 's/^Flows expired: *\([0-9]*\).*/\1/p' "$out")
  b=$(awk '/^Per-protocol statistics/ {on = 1; next} on && /\(/ {s += $3} END {printf "%.0f", s}' "$out")
  echo "$f $p $b bidirectional-flows,L3-bytes"
}
if wanted softflowd && have softflowd softflowd; then
  port=${SOFTFLOWD_PORT:-39995}
  run_tool softflowd "softflowd -d -r FILE -n 127.0.0.1:$port -v 9 -6 -m 4194304" "" \
    "softflowd -d -r '$file' -n 127.0.0.1:$port -v 9 -6 -m 4194304 > '$work/softflowd.out' 2>&1" \
    check_softflowd
fi

# nfpcapd (nfdump 1.7): pcap to nfcapd files; its closing line gives flows, packets and bytes.
check_nfpcapd() {
  sed -n "s/^Ident: .* Flows: \([0-9]*\), Packets: \([0-9]*\), Bytes: \([0-9]*\).*/\1 \2 \3 L3-bytes/p" "$work/nfpcapd.out" | tail -1
}
if wanted nfpcapd && have nfpcapd nfpcapd; then
  run_tool nfpcapd "nfpcapd -r FILE -w DIR" "rm -rf '$work/nfpcapd' && mkdir -p '$work/nfpcapd'" \
    "nfpcapd -r '$file' -w '$work/nfpcapd' > '$work/nfpcapd.out' 2>&1" check_nfpcapd
fi

# argus: bidirectional flow records (Debian's defaults: classic 5-tuple, 5 s status interval,
# which makes long flows into several records); racluster merges them to count.
check_argus() {
  racluster -r "$work/argus.out" -n -m saddr daddr dport proto -s pkts bytes -c , -L -1 2>/dev/null |
    awk -F, '$1 != "" {n++; p += $1; b += $2} END {printf "%.0f %.0f %.0f bidirectional-flows(racluster)\n", n, p, b}'
}
if wanted argus && have argus argus racluster; then
  run_tool argus "argus -r FILE -w OUT" "rm -f '$work/argus.out'" \
    "argus -r '$file' -w '$work/argus.out' > '$work/argus.log' 2>&1" check_argus
fi

# pmacctd: print plugin aggregating on Weir's key. pmacctd sleeps pcap_savefile_delay seconds
# (default 2) before reading a file so that its plugins can start, 1 ms after every plugin buffer it
# hands over (with the default 10 KiB buffer: once per ~30 packets, ~165 s for 5 M packets), and
# 2 s before stopping its plugins (SIGINT; a plugin that has not caught up by then loses the
# rest: 4.7 M of 5 M packets counted here under load). So pcap_savefile_wait keeps it waiting, and
# pmacctd-offline.sh stops it once its plugin is idle. In that mode pmacctd 1.7.7 counts one
# buffer's worth of packets twice at the end (+3196 packets with 1 MiB buffers, whatever the file);
# the check reports it as OVERCOUNT. The core writes about 330 bytes
# per packet into a ring shared with the plugin and overwrites what the plugin has not read yet
# when the ring wraps ("missing data detected"); the 1 ms sleeps are what normally prevents that.
# So: 1 MiB buffers (1 ms per ~3000 packets) and a ring large enough for the whole file
# (512 bytes per packet, at least 256 MiB, at most 2e9 bytes), so that nothing is overwritten
# however slow the plugin. The print plugin's cache (default 16411 entries) fills at a few
# hundred thousand flows and is then purged early, each purge overwriting the output file: 65537
# entries (about 265 MiB; 387 k flows fitted) and append mode keep every packet counted if that
# still happens (the flow count is then too high, and the check says so). A larger cache takes
# the plugin longer to start than the 1-2 s pmacctd waits, and it is then stopped before it writes.
pm_pipe=268435456
if [ -n "$packets" ] && [ $((packets * 512)) -gt $pm_pipe ]; then pm_pipe=$((packets * 512)); fi
if [ $pm_pipe -gt 2000000000 ]; then pm_pipe=2000000000; fi
cat > "$work/pmacctd.conf" <<EOF
daemonize: false
pcap_savefile: $file
pcap_savefile_delay: 2
aggregate: src_host,dst_host,dst_port,proto
plugins: print
plugin_pipe_size: $pm_pipe
plugin_buffer_size: 1048576
print_output: csv
print_output_file: $work/pmacctd.csv
print_refresh_time: 86400
print_cache_entries: 65537
print_output_file_append: true
pcap_savefile_wait: true
EOF
check_pmacctd() {
  local lost=""
  grep -q 'missing data' "$work/pmacctd.log" && lost=",LOST-DATA(missing-data-in-log)"
  grep -q 'Finished cache entries' "$work/pmacctd.log" && lost="$lost,cache-purged-early(flows-overcounted)"
  grep -q 'Purging cache - END' "$work/pmacctd.log" || lost="$lost,NO-OUTPUT(plugin-stopped-before-purge)"
  awk -F, -v lost="$lost" '$1 != "SRC_IP" {n++; p += $5; b += $6} END {printf "%.0f %.0f %.0f L3-bytes%s\n", n, p, b, lost}' "$work/pmacctd.csv"
}
if wanted pmacctd && have pmacctd pmacctd; then
  run_tool pmacctd "bench/peers/pmacctd-offline.sh CONF LOG (pmacctd print plugin, aggregate src_host,dst_host,dst_port,proto)" \
    "rm -f '$work/pmacctd.csv'" \
    "'$repo/bench/peers/pmacctd-offline.sh' '$work/pmacctd.conf' '$work/pmacctd.log'" check_pmacctd
fi

# tshark: IP conversations (IPv4 and IPv6) and an io,stat total of frames and bytes.
check_tshark() { # name
  awk '/<->/ {n++; p += $(NF-4)} /^\|[^|]*<>/ {gsub(/\|/, " "); tp = $4; tb = $5} END {printf "%.0f %.0f %.0f conversations,frame-bytes\n", n, tp, tb}' "$work/$1.out"
}
check_tshark_full() { check_tshark tshark; }
check_tshark_l3() { check_tshark tshark-l3; }
ts_args="-q -n -z conv,ip -z conv,ipv6 -z io,stat,0"
if wanted tshark-l3 && have tshark-l3 tshark; then
  # The same statistics with TCP and UDP dissection off: conv,ip needs only the IP layer, and
  # the transport and application dissectors are most of tshark's time.
  run_tool tshark-l3 "tshark $ts_args --disable-protocol tcp --disable-protocol udp -r FILE" "" \
    "tshark $ts_args --disable-protocol tcp --disable-protocol udp -r '$file' > '$work/tshark-l3.out' 2>/dev/null" \
    check_tshark_l3
fi
if wanted tshark && have tshark tshark; then
  run_tool tshark "tshark $ts_args -r FILE" "" \
    "tshark $ts_args -r '$file' > '$work/tshark.out' 2>/dev/null" check_tshark_full
fi

# weir.
check_weir() {
  jq -r '"\(.totals.flows) \(.totals.packets) \(.totals.bytes) -"' "$work/weir.out"
}
if wanted weir; then
  default_weir="out/weir/weir flows -r {file} --format json"
  weir_cmd=${WEIR_CMD:-$default_weir}
  ok=1
  if [ -z "${WEIR_CMD:-}" ]; then
    note "publishing weir (Release, ReadyToRun) to out/weir"
    if ! (cd "$repo" && dotnet publish src/Host -c Release -r linux-x64 --self-contained false \
          -p:PublishReadyToRun=true -o out/weir -nologo -v q >&2); then
      skipped+=("weir: Release publish failed")
      ok=0
    fi
  fi
  if [ "$ok" -eq 1 ]; then
    shown=${weir_cmd//\{file\}/FILE}
    run_tool weir "$shown" "" "cd '$repo' && ${weir_cmd//\{file\}/\'$file\'} > '$work/weir.out'" check_weir
  fi
fi

# ---------------------------------------------------------------------------------------------
# The table.
fastest=""
fastest_cpu=""
dd_t=""
for i in "${!names[@]}"; do
  [ -n "${medians[$i]}" ] || continue
  case "${names[$i]}" in
    dd) dd_t=${medians[$i]} ;;
    weir) ;;
    *) if [ -z "$fastest" ] || awk -v a="${medians[$i]}" -v b="$fastest" 'BEGIN {exit !(a < b)}'; then fastest=${medians[$i]}; fi
       if [ -z "$fastest_cpu" ] || awk -v a="${cpus[$i]}" -v b="$fastest_cpu" 'BEGIN {exit !(a < b)}'; then fastest_cpu=${cpus[$i]}; fi ;;
  esac
done

echo "| tool | command | median s | min–max s | CPU s | packets/s | × fastest peer | × dd | CPU × least-CPU peer | flows | packets | bytes | counted as |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for i in "${!names[@]}"; do
  m=${medians[$i]}
  if [ -z "$m" ]; then
    echo "| ${names[$i]} | \`${cmds[$i]}\` | failed | | | | | | | | | | |"
    continue
  fi
  awk -v name="${names[$i]}" -v cmd="${cmds[$i]}" -v m="$m" -v lo="${mins[$i]}" -v hi="${maxs[$i]}" -v cpu="${cpus[$i]}" \
      -v pk="$packets" -v fast="$fastest" -v fcpu="$fastest_cpu" -v dd="$dd_t" -v f="${flows[$i]}" -v p="${pkts[$i]}" \
      -v b="${bytes[$i]}" -v n="${notes[$i]}" 'BEGIN {
    pps = (pk != "" && m > 0) ? sprintf("%.2f M", pk / m / 1e6) : "";
    rf = (fast != "" && fast > 0) ? sprintf("%.2f", m / fast) : "";
    rd = (dd != "" && dd > 0) ? sprintf("%.1f", m / dd) : "";
    rc = (fcpu != "" && fcpu > 0 && name != "dd") ? sprintf("%.2f", cpu / fcpu) : "";
    printf "| %s | `%s` | %.3f | %.3f–%.3f | %.2f | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, cmd, m, lo, hi, cpu, pps, rf, rd, rc, f, p, b, (n == "-" ? "" : n)
  }'
done
echo
if [ -n "$packets" ]; then echo "Packets in the file (capinfos): $packets. Flow counts differ by design: see the \"counted as\" column."; fi
echo "CPU s is user + system time of one run (mean, child processes included): on a shared machine it moves"
echo "less than wall-clock time. It is total work, not latency: nfpcapd (threads) and pmacctd (core + plugin"
echo "process) can spread it over both cores, and pmacctd's 2 s start-up sleep is not in it."
for s in "${skipped[@]+"${skipped[@]}"}"; do echo "- skipped $s"; done

if [ "$(stat -c '%s %Y' "$file")" != "$stamp" ]; then
  echo
  echo "**Warning: \`$file\` changed during the run (size or modification time); the figures are not comparable.**"
  note "warning: $file changed during the run"
fi

if [ -n "$outdir" ]; then
  mkdir -p "$outdir"
  cp "$work"/*.hyperfine.json "$outdir"/ 2>/dev/null || true
  note "hyperfine JSON files copied to $outdir"
fi
