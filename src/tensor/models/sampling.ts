// Next-token sampling for generate(): temperature, top-k, and a seeded counter-based uniform generator.

/**
 * A counter-based uniform generator: u_i = mix(mix(seed) ⊕ i) / 2^32 with the SplitMix32 finaliser
 * (pure 32-bit integer math), so a given seed gives the same draws on every machine, and
 * generate({seed}) leaves the engine's global RNG (manualSeed) untouched.
 */
export function seededUniforms(seed: number): () => number {
  const mix = (x: number): number => {
    let z = (x + 0x9e3779b9) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const key = mix(seed >>> 0) ^ mix(Math.floor(seed / 2 ** 32) >>> 0);
  let counter = 0;
  return () => mix((key ^ counter++) >>> 0) / 2 ** 32;
}

/**
 * Pick a token from one row of logits. temperature 0 = greedy (argmax, first on ties);
 * otherwise softmax(logits / temperature) restricted to the top-k logits (ties with the k-th kept),
 * sampled by inverse CDF with one uniform draw u ∈ [0, 1).
 */
export function sampleToken(logits: ArrayLike<number>, temperature: number, topK: number | undefined, u: number): number {
  const V = logits.length;
  if (temperature === 0) {
    let best = 0;
    for (let i = 1; i < V; i++) if (logits[i]! > logits[best]!) best = i;
    return best;
  }
  let cutoff = Number.NEGATIVE_INFINITY;
  if (topK !== undefined && topK < V) {
    const sorted = Float64Array.from(logits).sort();
    cutoff = sorted[V - topK]!;
  }
  let mx = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < V; i++) if (logits[i]! >= cutoff) mx = Math.max(mx, logits[i]!);
  const p = new Float64Array(V);
  let total = 0;
  for (let i = 0; i < V; i++) {
    if (logits[i]! < cutoff) continue;
    p[i] = Math.exp((logits[i]! - mx) / temperature);
    total += p[i]!;
  }
  let acc = 0;
  const target = u * total;
  let last = 0;
  for (let i = 0; i < V; i++) {
    if (p[i] === 0) continue;
    acc += p[i]!;
    last = i;
    if (acc > target) return i;
  }
  return last;
}
