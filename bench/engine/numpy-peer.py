# bench/engine.ts peer: numpy (when python3 has it) — matmul, causal attention forward and SVD; no autograd, so no training steps.
import json, os, sys, time
import numpy as np

def median_ms(fn, warmup=2, reps=9, budget_ms=4000.0):
    for _ in range(warmup):
        fn()
    times, spent = [], 0.0
    while len(times) < reps and (not times or spent < budget_ms):
        t0 = time.perf_counter(); fn(); dt = (time.perf_counter() - t0) * 1000
        times.append(dt); spent += dt
    times.sort(); m = len(times) // 2
    return times[m] if len(times) % 2 else (times[m - 1] + times[m]) / 2

def progress(what, ms):
    sys.stderr.write(f"  {'numpy':<10} {what:<26} {ms:.2f} ms\n")

rng = np.random.default_rng(0)
out = {"peer": "numpy", "version": np.__version__, "threads": os.environ.get("OMP_NUM_THREADS", "BLAS default"),
       "matmulMs": {}, "attentionMs": None, "mlpStepMs": None, "gptStepMs": None, "svdMs": None,
       "skipped": {"mlp": "numpy has no autograd", "gpt": "numpy has no autograd"}}
for n in (128, 256, 512, 1024):
    a = rng.standard_normal((n, n), dtype=np.float32); b = rng.standard_normal((n, n), dtype=np.float32)
    out["matmulMs"][str(n)] = median_ms(lambda: a @ b, reps=15); progress(f"matmul {n}", out["matmulMs"][str(n)])

B, H, T, D = 1, 8, 256, 64
q, k, v = (rng.standard_normal((B, H, T, D), dtype=np.float32) for _ in range(3))
causal = np.triu(np.full((T, T), -np.inf, dtype=np.float32), 1)
def attention():
    s = (q @ k.transpose(0, 1, 3, 2)) * np.float32(1 / np.sqrt(D)) + causal
    s = np.exp(s - s.max(-1, keepdims=True))
    return (s / s.sum(-1, keepdims=True)) @ v
out["attentionMs"] = median_ms(attention, reps=15); progress("causal attention fwd", out["attentionMs"])

A = rng.standard_normal((768, 768), dtype=np.float32)
out["svdMs"] = median_ms(lambda: np.linalg.svd(A, full_matrices=False), warmup=0, reps=3, budget_ms=6000); progress("svd 768", out["svdMs"])
print("RESULT " + json.dumps(out), flush=True)
