// Counter-based random numbers: Philox4x32-10 keyed by the seed, counter = blocks consumed so far.
// Pure 32-bit integer math (no Math.random), so manualSeed(s) gives the same numbers on every machine.

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

let key0 = 0;
let key1 = 0;
/** Number of 128-bit Philox blocks consumed since the last manualSeed. */
let counter = 0;

/** Seed the generator (an integer 0 ≤ seed < 2⁵³) and restart its counter. Default seed: 0. */
export function manualSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`manualSeed: seed must be a non-negative safe integer, got ${seed}`);
  key0 = seed >>> 0;
  key1 = Math.floor(seed / 4294967296) >>> 0;
  counter = 0;
}

/** The generator state, to save and restore around code that must not disturb it. */
export function getRngState(): { key0: number; key1: number; counter: number } {
  return { key0, key1, counter };
}
export function setRngState(s: { key0: number; key1: number; counter: number }): void {
  ({ key0, key1, counter } = s);
}

/** High and low 32 bits of the 64-bit product a·b (a, b unsigned 32-bit), via 16-bit halves. */
function mulhi(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** Philox4x32-10 of the 128-bit counter (c0..c3) under key (k0, k1); writes 4 uint32 into out. */
export function philox4x32(c: readonly number[], key: readonly number[], out: Uint32Array): void {
  let x0 = c[0] >>> 0;
  let x1 = c[1] >>> 0;
  let x2 = c[2] >>> 0;
  let x3 = c[3] >>> 0;
  let k0 = key[0] >>> 0;
  let k1 = key[1] >>> 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ k0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ k1) >>> 0;
    x3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
}

/** n uniform doubles in [0, 1): two per block, each from 53 bits (27 of one word, 26 of the next). */
export function uniforms(n: number): Float64Array {
  const out = new Float64Array(n);
  const w = new Uint32Array(4);
  for (let i = 0; i < n; i += 2) {
    philox4x32([counter % 4294967296, Math.floor(counter / 4294967296), 0, 0], [key0, key1], w);
    counter++;
    out[i] = ((w[0] >>> 5) * 67108864 + (w[1] >>> 6)) / 9007199254740992;
    if (i + 1 < n) out[i + 1] = ((w[2] >>> 5) * 67108864 + (w[3] >>> 6)) / 9007199254740992;
  }
  return out;
}

/** n standard normals by Box–Muller in float64: z = √(-2 ln(1-u₁))·(cos, sin)(2πu₂). */
export function normals(n: number): Float64Array {
  const u = uniforms(n + (n % 2));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u[i]));
    const th = 2 * Math.PI * u[i + 1];
    out[i] = r * Math.cos(th);
    if (i + 1 < n) out[i + 1] = r * Math.sin(th);
  }
  return out;
}
