#!/usr/bin/python3
"""POSTs each line of BODIES to http://127.0.0.1:PORT/predict/best-move over
one keep-alive connection (reconnecting if the server closes it) and prints
`sent=N failed=M` (failed: any status other than 200, or no answer).

Usage: post_bodies.py PORT BODIES [DELAY_SECONDS]
"""
import http.client
import sys
import time


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    sent = failed = 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    with open(path) as bodies:
        for body in bodies:
            body = body.strip()
            if not body:
                continue
            sent += 1
            try:
                connection.request("POST", "/predict/best-move", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                    print(f"status {response.status} for {body}", file=sys.stderr)
            except (OSError, http.client.HTTPException) as error:
                failed += 1
                print(f"no answer for {body}: {error}", file=sys.stderr)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            if delay:
                time.sleep(delay)
    print(f"sent={sent} failed={failed}")


if __name__ == "__main__":
    main()
