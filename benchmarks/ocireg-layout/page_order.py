#!/usr/bin/env python3
"""Turns traces of the pages an ocireg command touches into the method order the Native AOT compiler lays code out in.

  page_order.py trace BINARY SYMBOLS TRACE -- COMMAND...   append the binary's pages COMMAND touches to TRACE
  page_order.py order BINARY SYMBOLS TRACE CURRENT_ORDER OUT   write the new order

trace: the binary is dropped from the page cache and the block device's read-ahead is off while COMMAND runs under
`perf record -e major-faults`, so every 4 KiB page of the binary the command touches is read from disk exactly once
and recorded with its address (fault-around only maps neighbours already cached, which were touched before).
SYMBOLS is `nm -n -S` of the binary's debug file (ocireg.dbg). Needs root and perf.

order: the methods of CURRENT_ORDER that lie on a touched page keep their place; methods outside it that the commands
touched come first (with the other methods on their pages). The compiler places unlisted methods after the listed
ones, so every listed page the commands use ends up in one contiguous block.
"""
import bisect
import collections
import os
import re
import signal
import subprocess
import sys
import tempfile

READ_AHEAD = "/sys/block/{}/queue/read_ahead_kb"
# The compiler's own section: the runtime's native code lies outside it, and the order file cannot move that.
MANAGED_SECTION = "__managedcode"


def read_symbols(path):
    symbols = []
    for line in open(path):
        parts = line.split()
        if len(parts) == 4 and parts[2] in "tT":
            symbols.append((int(parts[0], 16), int(parts[1], 16), parts[3]))
    symbols.sort()
    return symbols


def block_device(path):
    device = os.stat(path).st_dev
    name = os.path.basename(os.path.realpath(f"/sys/dev/block/{os.major(device)}:{os.minor(device)}"))
    # A partition's read-ahead is its disk's.
    if not os.path.exists(READ_AHEAD.format(name)):
        name = os.path.basename(os.path.dirname(os.path.realpath(f"/sys/class/block/{name}")))
    return READ_AHEAD.format(name)


def trace(binary, symbols_path, trace_path, command):
    fd = os.open(binary, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
    read_ahead = block_device(binary)
    saved = open(read_ahead).read().strip()
    handle, data = tempfile.mkstemp(suffix=".perf")
    os.close(handle)
    # SIGTERM unwinds like SIGINT, so the finally below restores read-ahead and removes the recording.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    open(read_ahead, "w").write("0")
    try:
        try:
            subprocess.run(["perf", "record", "-q", "-e", "major-faults", "-c", "1", "-d", "-o", data, "--"] + command,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=300)
        finally:
            open(read_ahead, "w").write(saved)
        script = subprocess.run(["perf", "script", "-i", data, "-F", "addr", "--show-mmap-events"],
                                capture_output=True, text=True, check=True, timeout=300).stdout
    finally:
        os.unlink(data)
    base = None
    for line in script.splitlines():
        if "PERF_RECORD_MMAP" in line and os.path.realpath(binary) in line:
            match = re.search(r"\[(0x[0-9a-f]+)\((0x[0-9a-f]+)\) @ (0x[0-9a-f]+|0)", line)
            if match:
                base = int(match.group(1), 16) - int(match.group(3), 16)
                break
    if base is None:
        sys.exit(f"perf recorded no mapping of {binary}")
    symbols = read_symbols(symbols_path)
    end = symbols[-1][0] + symbols[-1][1]
    pages = set()
    for line in script.splitlines():
        field = line.strip()
        if "PERF_RECORD" in field or not field:
            continue
        offset = int(field, 16) - base
        if 0 <= offset < end:
            pages.add(offset >> 12)
    with open(trace_path, "a") as out:
        out.writelines(f"{page:x}\n" for page in sorted(pages))
    print(f"{len(pages)} pages ({len(pages) * 4 // 1024} MiB) of {binary}: {' '.join(command[1:3])}")


def managed_section(binary):
    sections = subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout
    for line in sections.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[1] == MANAGED_SECTION:
            start, size = int(fields[3], 16), int(fields[5], 16)
            return start, start + size
    sys.exit(f"{binary} has no {MANAGED_SECTION} section")


def order(binary, symbols_path, trace_path, current_path, out_path):
    pages = {int(line, 16) for line in open(trace_path) if line.strip()}
    low, high = managed_section(binary)
    symbols = [s for s in read_symbols(symbols_path) if low <= s[0] < high]

    def touched(address, size):
        return any(page in pages for page in range(address >> 12, ((address + max(size, 1) - 1) >> 12) + 1))

    current = [line.strip() for line in open(current_path)] if os.path.exists(current_path) else []
    listed = set(current)
    placed = {name: (address, size) for address, size, name in symbols}
    kept = [name for name in current if name in placed and touched(*placed[name])]
    outside = [name for address, size, name in symbols if name not in listed and touched(address, size)]
    result = list(dict.fromkeys(outside + kept))
    with open(out_path, "w") as out:
        out.write("\n".join(result) + "\n")
    size = sum(placed[name][1] for name in result)
    print(f"{len(result)} methods, {size / 2**20:.2f} MiB ({len(kept)} kept of {len(current)}, {len(outside)} added)")


if __name__ == "__main__":
    if len(sys.argv) > 5 and sys.argv[1] == "trace" and sys.argv[5] == "--":
        trace(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[6:])
    elif len(sys.argv) == 7 and sys.argv[1] == "order":
        order(*sys.argv[2:7])
    else:
        sys.exit(__doc__)
