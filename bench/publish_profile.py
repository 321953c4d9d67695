#!/usr/bin/python3
"""Where pdex-api's CPU goes with publishing on and off (bench/publish_profile.sh).

Reads `perf script -F pid,ip,sym` output of one CPU shared by two pdex-api
processes and prints, per process, the CPU per request and, for the
publishing one, the part spent in publishing code: any sample with a frame
in the pdex::events:: or pdex::redis:: namespaces (the encoder, the queue,
the publisher thread and its Redis client, with what they call, kernel
included). The biggest per-request differences by leaf function follow,
so what publishing costs outside its own code can be seen too.

Usage: publish_profile.py SCRIPT_OUTPUT SAMPLE_US OFF_PID OFF_REQUESTS ON_PID ON_REQUESTS
"""
import collections
import sys

PUBLISHING = ("pdex::events::", "pdex::redis::")


def samples(path):
    """Yields (pid, frames) per sample, frames leaf first (function names)."""
    pid, frames = None, []
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if pid is not None:
                    yield pid, frames
                pid, frames = None, []
            elif line[0] not in " \t":
                pid = line.split()[0].split("/")[0]
            else:
                parts = line.split(None, 1)
                frames.append(parts[1].strip() if len(parts) > 1 else "?")
    if pid is not None:
        yield pid, frames


def short(name, width=70):
    """A function name without its template arguments and parameters."""
    depth, out = 0, []
    for ch in name:
        if ch in "<(":
            depth += 1
        elif ch in ">)":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    text = "".join(out)
    return text if len(text) <= width else text[: width - 3] + "..."


def main():
    path, sample_us = sys.argv[1], float(sys.argv[2])
    off_pid, off_requests, on_pid, on_requests = sys.argv[3], float(sys.argv[4]), sys.argv[5], float(sys.argv[6])
    total = collections.Counter()
    publishing = collections.Counter()
    leaves = {off_pid: collections.Counter(), on_pid: collections.Counter()}
    publishing_leaves = collections.Counter()
    for pid, frames in samples(path):
        if pid not in leaves:
            continue
        total[pid] += 1
        leaf = short(frames[0]) if frames else "?"
        leaves[pid][leaf] += 1
        if pid == on_pid and any(f.startswith(PUBLISHING) for f in frames):
            publishing[pid] += 1
            publishing_leaves[leaf] += 1
    if off_requests <= 0 or on_requests <= 0 or total[off_pid] == 0 or total[on_pid] == 0:
        sys.exit("publish_profile: no requests or no samples for one of the servers")
    per_off, per_on = sample_us / off_requests, sample_us / on_requests
    off_us, on_us = total[off_pid] * per_off, total[on_pid] * per_on
    direct = publishing[on_pid] * per_on
    print(f"CPU per request (perf samples): off {off_us:.2f} us, on {on_us:.2f} us, "
          f"difference {on_us - off_us:+.2f} us ({100 * off_us / on_us:.1f}% requests per CPU-second on / off)")
    print(f"publishing code in the on server: {direct:.2f} us per request ({100 * direct / on_us:.1f}% of its CPU, "
          f"{publishing[on_pid]} samples); the rest of the difference: {on_us - off_us - direct:+.2f} us")
    print("publishing code by leaf function, us per request:")
    for leaf, n in publishing_leaves.most_common(12):
        print(f"  {n * per_on:7.3f}  {leaf}")
    diffs = []
    for leaf in set(leaves[off_pid]) | set(leaves[on_pid]):
        diffs.append((leaves[on_pid][leaf] * per_on - leaves[off_pid][leaf] * per_off, leaf))
    diffs.sort(reverse=True)
    print("largest differences on - off by leaf function, us per request (sampling error about 2 * sqrt(samples)):")
    for d, leaf in diffs[:12]:
        print(f"  {d:+7.3f}  {leaf}  ({leaves[off_pid][leaf]} / {leaves[on_pid][leaf]} samples)")


if __name__ == "__main__":
    main()
