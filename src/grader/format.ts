// Formatting of numbers, shapes and indices for assertion messages: short, exact enough to see a difference.

/** A number with up to `digits` significant digits, trailing zeros dropped (`0.1`, `1.2345679e-7`, `NaN`). */
export function formatNumber(x: number, digits = 8): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e15)) {
    const [mantissa, exponent] = x.toExponential(digits - 1).split("e");
    return `${trimZeros(mantissa!)}e${exponent}`;
  }
  return trimZeros(x.toPrecision(digits));
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** A multi-index as `[1, 2]`; a scalar (empty index) as `[]`. */
export function formatIndex(index: readonly number[]): string {
  return `[${index.join(", ")}]`;
}

/** Converts a flat row-major offset into a multi-index for `shape`. */
export function unravelIndex(offset: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rest = offset;
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    index[d] = size === 0 ? 0 : rest % size;
    rest = size === 0 ? 0 : Math.floor(rest / size);
  }
  return index;
}

/** A short, single-line description of any value for messages (`"abc"`, `[1, 2, 3]`, `Float32Array(4)`). */
export function describeValue(value: unknown, maxLength = 120): string {
  let text: string;
  if (typeof value === "number") text = formatNumber(value);
  else if (typeof value === "string") text = JSON.stringify(value);
  else if (typeof value === "bigint") text = `${value}n`;
  else if (value === undefined || value === null || typeof value === "boolean") text = String(value);
  else if (typeof value === "function") text = `function ${value.name || "(anonymous)"}`;
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<number>;
    const items = Array.from({ length: Math.min(arr.length, 8) }, (_, i) => formatNumber(Number(arr[i])));
    text = `${value.constructor.name}(${arr.length}) [${items.join(", ")}${arr.length > 8 ? ", …" : ""}]`;
  } else {
    try {
      text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
