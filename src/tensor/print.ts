// Readable printing of tensors, like PyTorch's repr: tensor([[1.0000, 2.0000]], requiresGrad=true).
import type { Tensor } from "./tensor.ts";

const EDGE = 3;

function formatNumber(v: number, dtype: string): string {
  if (dtype === "bool") return v ? "true" : "false";
  if (dtype === "int32") return String(v);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-4) ? v.toExponential(4) : v.toFixed(4);
}

export function formatTensor(t: Tensor): string {
  const flat = t.toFloat64Array();
  const summarize = flat.length > 1000;
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const cells = Array.from(flat, (v) => formatNumber(v, t.dtype));
  const width = Math.max(1, ...cells.map((c) => c.length));
  const pad = (s: string) => s.padStart(width);
  const rec = (d: number, base: number, indent: string): string => {
    if (d === t.shape.length) return pad(cells[base]);
    const n = t.shape[d];
    const idx = summarize && n > 2 * EDGE ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)] : [...Array(n).keys()];
    const parts = idx.map((i) => (i === -1 ? "..." : rec(d + 1, base + i * strides[d], `${indent} `)));
    const sep = d === t.shape.length - 1 ? ", " : `,${"\n".repeat(t.shape.length - d - 1)}${indent} `;
    return `[${parts.join(sep)}]`;
  };
  const body = rec(0, 0, "       ");
  const extras: string[] = [];
  if (t.dtype !== "float32") extras.push(`dtype=${t.dtype}`);
  if (t.gradFn) extras.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) extras.push("requiresGrad=true");
  return `tensor(${body}${extras.length ? `, ${extras.join(", ")}` : ""})`;
}
