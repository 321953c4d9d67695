#!/usr/bin/python3
"""Counts the prediction events held in a Redis stream, read with Python's own
MessagePack and Redis clients (Debian's python3-msgpack and python3-redis),
independently of our C++ decoder: an entry's "batch" field (a MessagePack
batch, see src/events/event_batch.h and event_rows.h) counts its events, a "payload" field (a
JSON event) counts one. Prints "entries=N events=M".

usage: stream_event_count.py PORT [STREAM]   (Redis on 127.0.0.1)
"""
import sys

import msgpack
import redis


def batch_size(entry_id, batch):
    """The events of one batch: array elements, or whole rows of pdex-events/3."""
    form = batch.get("format")
    if form in ("pdex-events/1", "pdex-events/2"):
        return len(batch["events"])
    if form == "pdex-events/3":
        width = 33 + 8 * len(batch["features"])  # id, timestamp, prediction, probability, values
        if len(batch["events"]) % width != 0:
            sys.exit(f"entry {entry_id!r}: {len(batch['events'])} bytes of rows are not whole rows of {width}")
        return len(batch["events"]) // width
    sys.exit(f"entry {entry_id!r}: unknown batch format {form!r}")


def main():
    port = int(sys.argv[1])
    stream = sys.argv[2] if len(sys.argv) > 2 else "predictions"
    client = redis.Redis(host="127.0.0.1", port=port)
    entries = events = 0
    start = "-"
    while True:
        chunk = client.xrange(stream, min=start, max="+", count=1000)
        if not chunk:
            break
        for entry_id, fields in chunk:
            entries += 1
            if b"batch" in fields:
                batch = msgpack.unpackb(fields[b"batch"], raw=False)
                events += batch_size(entry_id, batch)
            elif b"payload" in fields:
                events += 1
            else:
                sys.exit(f"entry {entry_id!r} has neither a batch nor a payload field")
        start = "(" + chunk[-1][0].decode()
    print(f"entries={entries} events={events}")


if __name__ == "__main__":
    main()
