#!/usr/bin/env python3
"""Receipt-to-desk latency: opens every supplier's desk stream on each given node (admin token) and, for every
alarm.new event, records arrival time minus the alarm's receivedAt (one machine, one clock). Runs for N seconds."""
import json, sys, threading, time, http.client, urllib.request
from datetime import datetime

def login(base, pw):
    req = urllib.request.Request(base + "/api/v1/login", data=json.dumps({"username": "admin", "password": pw}).encode(),
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))["token"]

def suppliers(base, token):
    req = urllib.request.Request(base + "/api/v1/admin/suppliers", headers={"Authorization": "Bearer " + token})
    return [s["id"] for s in json.load(urllib.request.urlopen(req))["items"]]

lat = {}
def stream(host, port, token, supplier, label, stop):
    c = http.client.HTTPConnection(host, port, timeout=5)
    c.request("GET", "/api/v1/desk/events?supplierId=" + supplier, headers={"Authorization": "Bearer " + token})
    r = c.getresponse()
    ev = None
    while not stop.is_set():
        try:
            line = r.fp.readline().decode()
        except Exception:
            continue
        if line.startswith("event: "):
            ev = line[7:].strip()
        elif line.startswith("data: ") and ev == "alarm.new":
            now = time.time()
            d = json.loads(line[6:])
            alarm = d.get("alarm", d)
            ra = alarm.get("receivedAt")
            if ra:
                t = datetime.fromisoformat(ra.replace("Z", "+00:00")).timestamp()
                lat.setdefault(label, []).append((now - t) * 1000)

def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(len(v) * p))]

if __name__ == "__main__":
    pw, secs, nodes = sys.argv[1], float(sys.argv[2]), sys.argv[3:]   # nodes: label=host:port
    stop = threading.Event()
    for n in nodes:
        label, hp = n.split("=")
        host, port = hp.split(":")
        base = "http://%s:%s" % (host, port)
        tok = login(base, pw)
        for s in suppliers(base, tok):
            threading.Thread(target=stream, args=(host, int(port), tok, s, label, stop), daemon=True).start()
    time.sleep(secs)
    stop.set()
    for label, v in sorted(lat.items()):
        print("%s: n=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f ms" % (label, len(v), pct(v, .5), pct(v, .9), pct(v, .99), max(v)))
