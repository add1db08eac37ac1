// Deep equality that reports where two values first differ (a path like `.rows[2].name`).

export interface Difference {
  path: string;
  expected: unknown;
  received: unknown;
  reason?: string;
}

function isTypedArray(v: unknown): v is ArrayLike<number | bigint> & ArrayBufferView {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function sameScalar(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

/** Returns the first difference between `received` and `expected`, or undefined when they are deeply equal. */
export function firstDifference(received: unknown, expected: unknown, path = ""): Difference | undefined {
  if (sameScalar(received, expected)) return undefined;
  if (typeof received !== "object" || typeof expected !== "object" || received === null || expected === null) {
    return { path, expected, received };
  }
  if (isTypedArray(expected) || isTypedArray(received) || Array.isArray(expected) || Array.isArray(received)) {
    const kindE = isTypedArray(expected) ? expected.constructor.name : Array.isArray(expected) ? "Array" : "object";
    const kindR = isTypedArray(received) ? received.constructor.name : Array.isArray(received) ? "Array" : "object";
    if (kindE !== kindR) return { path, expected, received, reason: `expected ${kindE}, received ${kindR}` };
    const e = expected as ArrayLike<unknown>;
    const r = received as ArrayLike<unknown>;
    if (e.length !== r.length) return { path, expected, received, reason: `expected length ${e.length}, received length ${r.length}` };
    for (let i = 0; i < e.length; i++) {
      const d = firstDifference(r[i], e[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected instanceof Map || received instanceof Map) {
    if (!(expected instanceof Map && received instanceof Map)) return { path, expected, received, reason: "only one side is a Map" };
    if (expected.size !== received.size) return { path, expected, received, reason: `expected ${expected.size} entries, received ${received.size}` };
    for (const [k, v] of expected) {
      if (!received.has(k)) return { path: `${path}.get(${JSON.stringify(k)})`, expected: v, received: undefined, reason: "missing key" };
      const d = firstDifference(received.get(k), v, `${path}.get(${JSON.stringify(k)})`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected instanceof Set || received instanceof Set) {
    if (!(expected instanceof Set && received instanceof Set)) return { path, expected, received, reason: "only one side is a Set" };
    for (const v of expected) if (!received.has(v)) return { path, expected: v, received: undefined, reason: "missing set element" };
    if (expected.size !== received.size) return { path, expected, received, reason: `expected ${expected.size} elements, received ${received.size}` };
    return undefined;
  }
  const e = expected as Record<string, unknown>;
  const r = received as Record<string, unknown>;
  const keys = new Set([...Object.keys(e), ...Object.keys(r)]);
  for (const k of keys) {
    const sub = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
    if (!(k in r)) return { path: sub, expected: e[k], received: undefined, reason: "missing property" };
    if (!(k in e)) return { path: sub, expected: undefined, received: r[k], reason: "unexpected property" };
    const d = firstDifference(r[k], e[k], sub);
    if (d) return d;
  }
  return undefined;
}
