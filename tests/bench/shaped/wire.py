#!/usr/bin/env python3
"""A hotspot's link in userspace, for machines without the netem qdisc (stdlib only).

Makes a network namespace for the phones with a TUN device in it (`phones_dev`, the phones'
addresses on it), a TUN device in the host namespace (`server_dev`, the server's address on
it), and forwards IP packets between the two. In each direction, like netem + tbf:
  1. random loss (seeded, so a run's drop sequence is reproducible),
  2. a bounded queue drained at the link rate (tail drop when full, as a hotspot's buffer),
  3. a fixed one-way delay after serialisation.
Commands on stdin, one a line: `shape <bit/s> <one-way ms> <loss 0..1> <queue bytes> [shared]`,
`clean` (pass-through), `stats`. EOF on stdin (the bench process died) removes everything:
the TUN devices vanish with this process and the namespace is deleted here.
"""
import ctypes
import fcntl
import heapq
import os
import random
import select
import signal
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000
CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def ip(*args, ns=None):
    cmd = (['ip', 'netns', 'exec', ns] if ns else []) + ['ip', *args]
    subprocess.run(cmd, check=True, capture_output=True)


def open_tun(name, ns=None):
    """A TUN device created inside `ns` (entered with setns for this thread only)."""
    home = os.open('/proc/self/ns/net', os.O_RDONLY)
    try:
        if ns:
            target = os.open(f'/run/netns/{ns}', os.O_RDONLY)
            if libc.setns(target, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), f'setns {ns}')
            os.close(target)
        fd = os.open('/dev/net/tun', os.O_RDWR | os.O_NONBLOCK)
        fcntl.ioctl(fd, TUNSETIFF, struct.pack('16sH', name.encode(), IFF_TUN | IFF_NO_PI))
        return fd
    finally:
        libc.setns(home, CLONE_NEWNET)
        os.close(home)


class Medium:
    """The air the packets are serialised on: when it is next free."""

    def __init__(self):
        self.free_at = 0.0


class Direction:
    """One way of the link: loss, then a rate-limited bounded queue, then the delay line.
    Both ways have a medium each (full duplex, like netem + tbf per direction), or share one
    (`shared`: Wi-Fi's half-duplex airtime, up and down in one queue)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.rate = 0.0  # bit/s; 0 = unlimited
        self.delay = 0.0
        self.loss = 0.0
        self.limit = 0
        self.medium = Medium()
        self.line = []  # heap of (deliver_at, seq, packet)
        self.seq = 0
        self.stats = dict(packets=0, bytes=0, lost=0, tail_dropped=0, delivered=0)

    def offer(self, packet, now):
        self.stats['packets'] += 1
        self.stats['bytes'] += len(packet)
        if self.loss and self.rng.random() < self.loss:
            self.stats['lost'] += 1
            return
        if self.rate:
            # Bytes not yet serialised: what the link still owes at its rate.
            air = self.medium
            backlog = max(0.0, air.free_at - now) * self.rate / 8
            if backlog + len(packet) > self.limit:
                self.stats['tail_dropped'] += 1
                return
            air.free_at = max(now, air.free_at) + len(packet) * 8 / self.rate
            sent = air.free_at
        else:
            sent = now
        self.seq += 1
        heapq.heappush(self.line, (sent + self.delay, self.seq, packet))

    def due(self, now):
        out = []
        while self.line and self.line[0][0] <= now:
            out.append(heapq.heappop(self.line)[2])
        self.stats['delivered'] += len(out)
        return out


def main():
    ns, phones_dev, server_dev, server_addr, phones_net, count, seed = sys.argv[1:8]
    count = int(count)
    base = phones_net.rsplit('.', 1)[0]
    cleanup = lambda *_: (subprocess.run(['ip', 'netns', 'del', ns], capture_output=True), os._exit(0))
    signal.signal(signal.SIGTERM, cleanup)
    signal.signal(signal.SIGINT, cleanup)
    try:
        ip('netns', 'add', ns)
        ip('link', 'set', 'lo', 'up', ns=ns)
        up = open_tun(phones_dev, ns)
        down = open_tun(server_dev)
        ip('addr', 'add', f'{server_addr}/32', 'dev', server_dev)
        ip('link', 'set', server_dev, 'up')
        ip('route', 'add', f'{base}.0/24', 'dev', server_dev)
        # One address per phone, as each has its own on the hotspot's LAN.
        batch = '\n'.join(f'addr add {base}.{i}/32 dev {phones_dev}' for i in range(1, count + 1))
        subprocess.run(['ip', 'netns', 'exec', ns, 'ip', '-batch', '-'], input=batch.encode(), check=True)
        ip('link', 'set', phones_dev, 'up', ns=ns)
        ip('route', 'add', f'{server_addr}/32', 'dev', phones_dev, ns=ns)
        run(up, down, int(seed))
    finally:
        cleanup()


def run(up_fd, down_fd, seed):
    ways = {up_fd: (Direction(seed), down_fd), down_fd: (Direction(seed + 1), up_fd)}
    print('ready', flush=True)
    stdin = sys.stdin.fileno()
    pending = b''
    while True:
        now = time.monotonic()
        nxt = min((d.line[0][0] for d, _ in ways.values() if d.line), default=now + 0.05)
        readable, _, _ = select.select([up_fd, down_fd, stdin], [], [], max(0.0, nxt - now))
        now = time.monotonic()
        for fd in readable:
            if fd == stdin:
                chunk = os.read(stdin, 4096)
                if not chunk:
                    return
                pending += chunk
                while b'\n' in pending:
                    line, pending = pending.split(b'\n', 1)
                    command(line.decode().split(), ways)
                continue
            for _ in range(64):
                try:
                    packet = os.read(fd, 65536)
                except BlockingIOError:
                    break
                ways[fd][0].offer(packet, now)
        for direction, out_fd in ways.values():
            for packet in direction.due(now):
                try:
                    os.write(out_fd, packet)
                except OSError:
                    pass  # the far side's queue is full: lost, as on air


def command(words, ways):
    if not words:
        return
    dirs = [d for d, _ in ways.values()]
    if words[0] == 'shape':
        rate, delay, loss, limit = float(words[1]), float(words[2]) / 1000, float(words[3]), int(words[4])
        shared = Medium() if 'shared' in words[5:] else None
        for d in dirs:
            d.rate, d.delay, d.loss, d.limit = rate, delay, loss, limit
            d.medium = shared or Medium()
    elif words[0] == 'clean':
        for d in dirs:
            d.rate, d.delay, d.loss = 0.0, 0.0, 0.0
    elif words[0] == 'stats':
        up, down = dirs
        print('stats', json_like(up.stats), json_like(down.stats), flush=True)
        return
    print('ok', flush=True)


def json_like(stats):
    return '{' + ','.join(f'"{k}":{v}' for k, v in stats.items()) + '}'


if __name__ == '__main__':
    main()
