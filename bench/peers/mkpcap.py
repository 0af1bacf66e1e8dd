#!/usr/bin/env python3
"""Write a synthetic Ethernet pcap for validating the peer benchmark scripts.

Only a stand-in for `weir generate` when no weir build is at hand: IPv4/IPv6, TCP/UDP, bidirectional
flows chosen with a skewed distribution, frame sizes 60..1514 (mean about 720 bytes), microsecond
timestamps 20 us apart. Deterministic for a given seed.

usage: mkpcap.py OUT.pcap --packets N [--flows F] [--snaplen S] [--seed X]
"""
import argparse
import random
import struct
import sys


def ip4_checksum(hdr: bytes) -> int:
    s = sum(struct.unpack("!10H", hdr))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--packets", type=int, required=True)
    ap.add_argument("--flows", type=int, default=50000)
    ap.add_argument("--snaplen", type=int, default=65535)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    flows = []
    for i in range(a.flows):
        v6 = rnd.random() < 0.1
        proto = 6 if rnd.random() < 0.8 else 17
        dport = rnd.choice([443, 443, 443, 80, 53, 22, 8080, 123, 5432, rnd.randint(1024, 65535)])
        sport = rnd.randint(1024, 65535)
        if v6:
            src = bytes([0x20, 0x01, 0x0d, 0xb8]) + rnd.randbytes(12)
            dst = bytes([0x20, 0x01, 0x0d, 0xb8, 0xff]) + rnd.randbytes(11)
        else:
            src = bytes([10, rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(1, 254)])
            dst = bytes([192, 0, 2, 0]) if False else bytes([198, 18 + (i & 1), rnd.randint(0, 255), rnd.randint(1, 254)])
        flows.append((v6, proto, src, dst, sport, dport))

    mac_a = b"\x02\x00\x00\x00\x00\x01"
    mac_b = b"\x02\x00\x00\x00\x00\x02"
    # Frame sizes: many small (ACKs), many full-size, some in between; mean about 720.
    sizes = [60] * 40 + [1514] * 40 + [rnd.randint(61, 1513) for _ in range(20)]
    payload = bytes(1514)
    weights = [1.0 / (k + 1) ** 0.8 for k in range(a.flows)]
    picks = rnd.choices(range(a.flows), weights=weights, k=a.packets)

    out = open(a.out, "wb", buffering=1 << 22)
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, a.snaplen, 1))
    ts = 1_700_000_000_000_000
    w = out.write
    pack_rec = struct.Struct("<IIII").pack
    for n, fi in enumerate(picks):
        v6, proto, src, dst, sport, dport = flows[fi]
        rev = (n % 3) == 1
        if rev:
            src, dst, sport, dport = dst, src, dport, sport
        size = sizes[n % 100]
        l4len = 20 if proto == 6 else 8
        iphl = 40 if v6 else 20
        size = max(size, 14 + iphl + l4len)
        l4 = (struct.pack("!HHIIBBHHH", sport, dport, n, 0, 0x50, 0x10, 65535, 0, 0) if proto == 6
              else struct.pack("!HHHH", sport, dport, size - 14 - iphl, 0))
        if v6:
            ip = struct.pack("!IHBB", 0x60000000, size - 14 - 40, proto, 64) + src + dst
            eth = (mac_b + mac_a if rev else mac_a + mac_b) + b"\x86\xdd"
        else:
            h = struct.pack("!BBHHHBBH", 0x45, 0, size - 14, n & 0xFFFF, 0x4000, 64, proto, 0) + src + dst
            ip = h[:10] + struct.pack("!H", ip4_checksum(h)) + h[12:]
            eth = (mac_b + mac_a if rev else mac_a + mac_b) + b"\x08\x00"
        frame = eth + ip + l4
        cap = min(size, a.snaplen)
        w(pack_rec(ts // 1_000_000, ts % 1_000_000, cap, size))
        w((frame + payload[: size - len(frame)])[:cap])
        ts += 20
    out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
