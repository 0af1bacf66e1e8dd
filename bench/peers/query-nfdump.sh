#!/usr/bin/env bash
# Times top-N flow queries in nfdump (the peer) beside Weir's, over the same pcap.
#
#   bench/peers/query-nfdump.sh FILE [--runs N] [--lz4] [--out DIR]
#
# nfpcapd turns FILE into nfcapd files once (timed, reported as the ingest), then each query is
# run N times (default 10, after one warm-up run) with hyperfine and the median is reported:
#   top10-records  nfdump -R DIR -s record/bytes -n 10                    top 10 flow records by bytes
#   top10-pairs    nfdump -R DIR -A srcip,dstip -O bytes -n 10            aggregate by address pair, top 10
#   top10-key      nfdump -R DIR -A srcip,dstip,dstport,proto -O bytes -n 10   aggregate on Weir's flow key
#   top10-talkers  nfdump -R DIR -s srcip/bytes -n 10                     top 10 source addresses
#   top10-filter   the top10-records query with 'dst port 443 and (src net 10.0.0.0/8 or proto udp)'
# --lz4 makes nfpcapd write LZ4-compressed files (-y), closer to a compressed columnar store.
#
# Environment (each optional; {file} is replaced by FILE and {dir} by an empty scratch directory
# that WEIR_QUERY_PREP may fill with a flow database):
#   WEIR_QUERY_PREP      run once before Weir's queries (timed, reported as Weir's ingest)
#   WEIR_QUERY_CMD       Weir's "top 10 flows by bytes" query
#   WEIR_QUERY_AGG_CMD   Weir's "top 10 address pairs by bytes" query
#   WEIR_QUERY_KEY_CMD   Weir's "top 10 (sip, dip, dport, proto) by bytes" query
#   WEIR_QUERY_FILTER_CMD  Weir's filtered top 10 (dport = 443 & (snet = 10.0.0.0/8 | proto = udp))
# A Weir query that is not given is left out of the table with a note.
#
# Packages (Debian 12): nfdump hyperfine jq time.
set -euo pipefail

die() { echo "query-nfdump: $*" >&2; exit 2; }
note() { echo "query-nfdump: $*" >&2; }
usage() { awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 2; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
file=""
runs=10
lz4=0
outdir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; runs=$2; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --lz4) lz4=1; shift ;;
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
for exe in nfpcapd nfdump hyperfine jq; do
  command -v "$exe" >/dev/null || die "$exe is required (apt-get install nfdump hyperfine jq)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/query-nfdump.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
nfdir=$work/nfcapd
weirdir=$work/weir
mkdir -p "$nfdir" "$weirdir"

shown() { local c=${1//\{file\}/FILE}; printf '%s' "${c//\{dir\}/DIR}"; }
subst() { # command-template -> command with {file} and {dir} replaced (quoted)
  local c=$1
  c=${c//\{file\}/\'$file\'}
  c=${c//\{dir\}/\'$weirdir\'}
  printf '%s' "$c"
}

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
echo "## Top-N flow queries: Weir and nfdump"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}, kernel $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- input: \`$file\`, $(stat -c %s "$file") bytes"
echo "- $(nfdump -V 2>&1 | head -1); queries: median of $runs runs after 1 warm-up (hyperfine)"
echo

cat "$file" > /dev/null   # warm the page cache for the ingest

# Ingest: pcap -> nfcapd files.
nf_args=(-r "$file" -w "$nfdir")
[ "$lz4" -eq 1 ] && nf_args+=(-y)
note "ingest: nfpcapd ${nf_args[*]}"
/usr/bin/time -f %e -o "$work/nfpcapd.time" nfpcapd "${nf_args[@]}" > "$work/nfpcapd.out" 2>&1 ||
  { cat "$work/nfpcapd.out" >&2; die "nfpcapd failed"; }
summary=$(sed -n "s/^Ident: .* Flows: \([0-9]*\), Packets: \([0-9]*\), Bytes: \([0-9]*\).*/flows \1, packets \2, bytes \3/p" "$work/nfpcapd.out" | tail -1)
nfiles=$(find "$nfdir" -type f -name 'nfcapd.*' | wc -l)
[ "$nfiles" -gt 0 ] || die "nfpcapd wrote no nfcapd file into $nfdir"
echo "- nfpcapd ingest: $(cat "$work/nfpcapd.time") s (\`nfpcapd -r FILE -w DIR$([ "$lz4" -eq 1 ] && echo ' -y')\`); $summary; $nfiles file(s), $(du -sb "$nfdir" | cut -f1) bytes on disk"

weir_prep=${WEIR_QUERY_PREP:-}
if [ -n "$weir_prep" ]; then
  note "ingest: weir: $weir_prep"
  if /usr/bin/time -f %e -o "$work/weir-prep.time" bash -c "cd '$repo' && $(subst "$weir_prep")" > "$work/weir-prep.out" 2>&1; then
    echo "- weir ingest: $(cat "$work/weir-prep.time") s (\`$(shown "$weir_prep")\`); $(du -sb "$weirdir" | cut -f1) bytes in the scratch directory"
  else
    cat "$work/weir-prep.out" >&2
    die "WEIR_QUERY_PREP failed"
  fi
fi
echo

filter='dst port 443 and (src net 10.0.0.0/8 or proto udp)'
declare -a qname=() qtool=() qshown=() qcmd=()
add() { qname+=("$1"); qtool+=("$2"); qshown+=("$3"); qcmd+=("$4"); }
add top10-records nfdump "nfdump -R DIR -s record/bytes -n 10" "nfdump -R '$nfdir' -s record/bytes -n 10"
add top10-pairs nfdump "nfdump -R DIR -A srcip,dstip -O bytes -n 10" "nfdump -R '$nfdir' -A srcip,dstip -O bytes -n 10"
add top10-key nfdump "nfdump -R DIR -A srcip,dstip,dstport,proto -O bytes -n 10" "nfdump -R '$nfdir' -A srcip,dstip,dstport,proto -O bytes -n 10"
add top10-talkers nfdump "nfdump -R DIR -s srcip/bytes -n 10" "nfdump -R '$nfdir' -s srcip/bytes -n 10"
add top10-filter nfdump "nfdump -R DIR -s record/bytes -n 10 '$filter'" "nfdump -R '$nfdir' -s record/bytes -n 10 '$filter'"
weir_missing=()
for pair in "top10-records:WEIR_QUERY_CMD" "top10-pairs:WEIR_QUERY_AGG_CMD" "top10-key:WEIR_QUERY_KEY_CMD" "top10-filter:WEIR_QUERY_FILTER_CMD"; do
  q=${pair%%:*}; var=${pair#*:}
  c=${!var:-}
  if [ -n "$c" ]; then add "$q" weir "$(shown "$c")" "cd '$repo' && $(subst "$c")"
  else weir_missing+=("$var"); fi
done

echo "| query | tool | command | median ms | min–max ms | × nfdump | output lines |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: |"
declare -A nf_median=()
for i in "${!qname[@]}"; do
  json=$work/q$i.json
  note "timing ${qname[$i]} (${qtool[$i]}): ${qshown[$i]}"
  if ! hyperfine --runs "$runs" --warmup 1 --style basic --export-json "$json" "${qcmd[$i]} > '$work/q$i.out'" > "$work/q$i.log" 2>&1; then
    cat "$work/q$i.log" >&2
    echo "| ${qname[$i]} | ${qtool[$i]} | \`${qshown[$i]}\` | failed | | | |"
    continue
  fi
  m=$(jq -r '.results[0].median' "$json")
  lo=$(jq -r '.results[0].min' "$json")
  hi=$(jq -r '.results[0].max' "$json")
  lines=$(wc -l < "$work/q$i.out")
  [ "${qtool[$i]}" = nfdump ] && nf_median[${qname[$i]}]=$m
  awk -v q="${qname[$i]}" -v t="${qtool[$i]}" -v c="${qshown[$i]}" -v m="$m" -v lo="$lo" -v hi="$hi" \
      -v nf="${nf_median[${qname[$i]}]:-}" -v l="$lines" 'BEGIN {
    r = (nf != "" && nf > 0) ? sprintf("%.2f", m / nf) : "";
    printf "| %s | %s | `%s` | %.1f | %.1f–%.1f | %s | %d |\n", q, t, c, m * 1000, lo * 1000, hi * 1000, r, l
  }'
  if [ -n "$outdir" ]; then mkdir -p "$outdir"; cp "$work/q$i.out" "$outdir/${qname[$i]}.${qtool[$i]}.txt"; fi
done
echo
for v in "${weir_missing[@]+"${weir_missing[@]}"}"; do echo "- weir: $v not set, query left out"; done
if [ -n "$outdir" ]; then note "query outputs copied to $outdir"; fi
