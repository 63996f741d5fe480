"""Turns a JMH JSON result into MB/s per benchmark and the ratios Berth / reference."""
import glob, json, os, sys

results = json.load(open(sys.argv[1]))
images = sys.argv[2]
MB = 1e6

def score(name, params):
    for r in results:
        if r["benchmark"].endswith(name) and r.get("params", {}) == params:
            return r["primaryMetric"]["score"]  # ms/op
    return None

def layer_size(compressed):
    # The tar the apply benchmark extracts: the multi-layer image's largest layer, uncompressed.
    import gzip
    layout = os.path.join(images, "multi-layer", "blobs", "sha256")
    largest = max(glob.glob(layout + "/*"), key=os.path.getsize)
    if compressed:
        return os.path.getsize(largest)
    n = 0
    with gzip.open(largest) as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                return n
            n += len(b)

for comp in ("NONE", "GZIP"):
    berth, tar = score("berthApply", {"compression": comp}), score("gnuTarExtract", {"compression": comp})
    if berth and tar:
        size = layer_size(False)
        print(f"layer_apply_{comp.lower()}: berth {size / MB / (berth / 1000):.0f} MB/s, "
              f"GNU tar {size / MB / (tar / 1000):.0f} MB/s, ratio {tar / berth:.2f}x")
def rate(ms):
    return 64 * 1.048576 / (ms / 1000)

for comp, tool in (("GZIP", "gzip -dc"), ("ZSTD", "zstd -dc")):
    t, ref = score("decompress", {"compression": comp}), score("toolDecompress", {"compression": comp})
    if t and ref:
        print(f"decode_{comp.lower()}: berth {rate(t):.0f} MB/s, {tool} {rate(ref):.0f} MB/s, ratio {ref / t:.2f}x")
t, ref = score("sha256", {"compression": "GZIP"}), score("toolSha256", {"compression": "GZIP"})
if t and ref:
    print(f"digest_sha256: berth {rate(t):.0f} MB/s, sha256sum {rate(ref):.0f} MB/s, ratio {ref / t:.2f}x")
