#!/usr/bin/env python3
"""Records random v3 KV/lease requests and a real etcd's answers as a golden file.

Usage: record-differential.py URL SEED STEPS > etcd-differential.txt
URL must be a FRESH etcd 3.4 (revision 1), e.g. started with
/work/shared/tools/etcd-reference start /tmp/etcd-diff 23792 23802.
Each step is two lines: "POST <path> <json body>" and "=> <canonical answer>".
DifferentialTest (Java) replays the requests on KvStateMachine and renders its answers the same way.
"""
import base64, json, random, sys, urllib.request, urllib.error

url, seed, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
rev = 1

def b64(s): return base64.b64encode(s.encode()).decode()
def unb64(s): return base64.b64decode(s).decode()

def key(): return rnd.choice(["k0", "k1", "k1a", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"])
def end_for(k):
    return rnd.choice(["", "", "\0", k[:-1] + chr(ord(k[-1]) + 1), key()])

def kv(o):
    return "%s@%s/%s/%s=%s#%s" % (unb64(o["key"]), o.get("create_revision", "0"), o.get("mod_revision", "0"),
                                  o.get("version", "0"), unb64(o.get("value", "")), o.get("lease", "0"))

def render(kind, o):
    h = o.get("header", {}).get("revision", "0")
    if kind == "put":
        return "put rev=%s prev=%s" % (h, kv(o["prev_kv"]) if "prev_kv" in o else "-")
    if kind == "deleterange":
        return "del rev=%s deleted=%s prev=[%s]" % (h, o.get("deleted", "0"), ",".join(kv(x) for x in o.get("prev_kvs", [])))
    if kind == "range":
        return "range rev=%s count=%s more=%s kvs=[%s]" % (h, o.get("count", "0"), str(o.get("more", False)).lower(),
                                                          ",".join(kv(x) for x in o.get("kvs", [])))
    if kind == "txn":
        subs = []
        for r in o.get("responses", []):
            (name, body), = r.items()
            subs.append(render(name.replace("response_", "").replace("delete_range", "deleterange"), body))
        return "txn rev=%s ok=%s [%s]" % (h, str(o.get("succeeded", False)).lower(), "; ".join(subs))
    if kind == "compaction":
        return "compact rev=%s" % h
    if kind == "grant":
        return "grant rev=%s id=%s ttl=%s" % (h, o.get("ID", "0"), o.get("TTL", "0"))
    if kind == "revoke":
        return "revoke rev=%s" % h
    raise ValueError(kind)

def put_req():
    r = {"key": b64(key())}
    if rnd.random() < 0.1:
        r["ignore_value"] = True
    else:
        r["value"] = b64("v%d" % rnd.randrange(100))
    if rnd.random() < 0.2: r["lease"] = rnd.randrange(1, 4)
    elif rnd.random() < 0.05: r["ignore_lease"] = True
    if rnd.random() < 0.5: r["prev_kv"] = True
    return r

def delete_req(in_txn=False):
    k = key()
    end = end_for(k)
    if in_txn and end == "\0":
        # etcd 3.4 compares a "\0" end literally in its duplicate-key check, so a later put of a
        # deleted key passes and, with ignore_value, panics the server. Ketch rejects it instead.
        end = ""
    r = {"key": b64(k), "range_end": b64(end)}
    if rnd.random() < 0.5: r["prev_kv"] = True
    return r

def range_req(in_txn=False):
    k = "\0" if rnd.random() < 0.1 else key()
    r = {"key": b64(k), "range_end": b64("\0" if k == "\0" else end_for(k))}
    if rnd.random() < 0.4: r["limit"] = rnd.randrange(1, 4)
    if rnd.random() < 0.3: r["revision"] = rnd.randrange(max(0, rev - 15), rev + 3)
    if rnd.random() < 0.4: r["sort_order"] = rnd.choice(["NONE", "ASCEND", "DESCEND"])
    if rnd.random() < 0.4: r["sort_target"] = rnd.choice(["KEY", "VERSION", "CREATE", "MOD", "VALUE"])
    if rnd.random() < 0.2: r["keys_only"] = True
    if rnd.random() < 0.1: r["count_only"] = True
    for f in ["min_mod_revision", "max_mod_revision", "min_create_revision", "max_create_revision"]:
        if rnd.random() < 0.08: r[f] = rnd.randrange(1, rev + 2)
    return r

def compare():
    target = rnd.choice(["VERSION", "CREATE", "MOD", "VALUE", "LEASE"])
    c = {"target": target, "result": rnd.choice(["EQUAL", "GREATER", "LESS", "NOT_EQUAL"]), "key": b64(key())}
    if rnd.random() < 0.2: c["range_end"] = b64(end_for(unb64(c["key"])) or "k9")
    field = {"VERSION": "version", "CREATE": "create_revision", "MOD": "mod_revision", "LEASE": "lease"}.get(target)
    if field: c[field] = rnd.choice([0, 1, 2, 3]) if target in ("VERSION", "LEASE") else rnd.randrange(0, max(2, rev))
    else: c["value"] = b64("v%d" % rnd.randrange(100))
    return c

def ops(depth):
    out = []
    for _ in range(rnd.randrange(0, 4)):
        kind = rnd.randrange(4 if depth < 2 else 3)
        if kind == 0: out.append({"request_range": range_req(True)})
        elif kind == 1: out.append({"request_put": put_req()})
        elif kind == 2: out.append({"request_delete_range": delete_req(True)})
        else: out.append({"request_txn": txn_req(depth + 1)})
    return out

def txn_req(depth=0):
    r = {}
    cs = [compare() for _ in range(rnd.randrange(0, 3))]
    if cs: r["compare"] = cs
    s, f = ops(depth), ops(depth)
    if s: r["success"] = s
    if f: r["failure"] = f
    return r

def step():
    p = rnd.random()
    if p < 0.30: return "kv/put", "put", put_req()
    if p < 0.42: return "kv/deleterange", "deleterange", delete_req()
    if p < 0.62: return "kv/range", "range", range_req()
    if p < 0.87: return "kv/txn", "txn", txn_req()
    if p < 0.91: return "kv/compaction", "compaction", {"revision": rnd.randrange(max(0, rev - 40), rev + 2)}
    if p < 0.96: return "lease/grant", "grant", {"ID": rnd.randrange(1, 4), "TTL": 3600}
    return "lease/revoke", "revoke", {"ID": rnd.randrange(1, 4)}

print("# recorded by kernel/kv/src/test/etcd/record-differential.py, seed %d, %d steps, against a fresh etcd 3.4.23" % (seed, steps))
for _ in range(steps):
    path, kind, body = step()
    data = json.dumps(body, separators=(",", ":"))
    req = urllib.request.Request(url + "/v3/" + path, data=data.encode(), method="POST")
    print("POST /v3/%s %s" % (path, data), flush=True)
    try:
        with urllib.request.urlopen(req) as resp:
            answer = render(kind, json.loads(resp.read()))
            if kind != "range":
                rev = max(rev, int(json.loads(json.dumps(answer.split()[1][4:]))))
    except urllib.error.HTTPError as e:
        o = json.loads(e.read())
        answer = "error code=%d %s" % (o["code"], o["error"])
    except (urllib.error.URLError, ConnectionError) as e:
        print("=> etcd died: %s (see its log)" % e)
        sys.exit(1)
    print("=> " + answer, flush=True)
