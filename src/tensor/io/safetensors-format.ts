// The safetensors container format on raw bytes: header parsing with full validation, and serialisation.
//
// Layout: 8-byte little-endian u64 N, then N bytes of UTF-8 JSON header
// `{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__": {...}}`,
// then the data section; offsets are relative to the start of the data section, which the tensors
// must cover exactly, without holes or overlaps (the rules of the reference Rust implementation).

export type StDType = "F64" | "F32" | "F16" | "BF16" | "I64" | "I32" | "I16" | "I8" | "U8" | "BOOL";

export const ST_DTYPE_SIZE: Readonly<Record<StDType, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

export interface RawTensor {
  dtype: StDType;
  shape: number[];
  /** the tensor's bytes (a view into the file) */
  bytes: Uint8Array;
}

export interface ParsedFile {
  tensors: Map<string, RawTensor>;
  metadata: Record<string, string>;
}

/** Headers bigger than this are rejected (the reference implementation's limit). */
const MAX_HEADER = 100_000_000;

function fail(message: string): never {
  throw new Error(`safetensors: ${message}`);
}

function isStDType(s: unknown): s is StDType {
  return typeof s === "string" && Object.hasOwn(ST_DTYPE_SIZE, s);
}

function isNonNegInt(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

/** Parse and validate a whole safetensors file. Tensor bytes are views into `bytes` (no copy). */
export function parseSafetensors(bytes: Uint8Array): ParsedFile {
  if (!(bytes instanceof Uint8Array)) fail(`load expects a Uint8Array (e.g. fs.readFileSync(path)), got ${typeof bytes}`);
  if (bytes.length < 8) {
    fail(`file is ${bytes.length} bytes, too short for the 8-byte header length (is this a safetensors file?)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(bytes.length - 8)) {
    fail(`header length ${n64} (bytes 0..8) exceeds the ${bytes.length - 8} bytes that follow it; the file is truncated or not safetensors`);
  }
  const n = Number(n64);
  if (n > MAX_HEADER) fail(`header length ${n} exceeds the ${MAX_HEADER}-byte limit`);
  if (n < 2) fail(`header length ${n} is too short for a JSON object`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail(`header (bytes 8..${8 + n}) is not valid UTF-8`);
  }
  if (!text.startsWith("{")) fail(`header (bytes 8..${8 + n}) must start with '{', found ${JSON.stringify(text.slice(0, 20))}`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`header (bytes 8..${8 + n}) is not valid JSON: ${(e as Error).message}; it begins ${JSON.stringify(text.slice(0, 60))}`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) fail("header must be a JSON object");
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, RawTensor>();
  const spans: { name: string; begin: number; end: number }[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (info === null || typeof info !== "object" || Array.isArray(info)) fail(`"__metadata__" must be an object of strings`);
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== "string") fail(`"__metadata__"."${k}" must be a string, got ${JSON.stringify(v)}`);
        metadata[k] = v;
      }
      continue;
    }
    const where = `tensor "${name}"`;
    if (info === null || typeof info !== "object" || Array.isArray(info)) fail(`${where} must be an object with dtype, shape and data_offsets`);
    const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
    if (!isStDType(dtype)) {
      fail(`${where} has unsupported dtype ${JSON.stringify(dtype)}; supported: ${Object.keys(ST_DTYPE_SIZE).join(", ")}`);
    }
    if (!Array.isArray(shape) || !shape.every(isNonNegInt)) fail(`${where} has invalid shape ${JSON.stringify(shape)}; expected an array of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegInt)) {
      fail(`${where} has invalid data_offsets ${JSON.stringify(offsets)}; expected [begin, end]`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end) fail(`${where} declares data_offsets [${begin}, ${end}] with begin > end`);
    if (end > dataLength) {
      fail(`${where} declares data_offsets [${begin}, ${end}] but the data section has only ${dataLength} bytes (the file is truncated?)`);
    }
    const numel = (shape as number[]).reduce((a, b) => a * b, 1);
    const expected = numel * ST_DTYPE_SIZE[dtype];
    if (end - begin !== expected) {
      fail(`${where} has dtype ${dtype} and shape [${(shape as number[]).join(", ")}] = ${expected} bytes, but data_offsets [${begin}, ${end}] span ${end - begin} bytes`);
    }
    spans.push({ name, begin, end });
    tensors.set(name, { dtype, shape: [...(shape as number[])], bytes: bytes.subarray(dataStart + begin, dataStart + end) });
  }
  // The data section must be covered exactly: sort by offset, no overlap, no hole, nothing after.
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let prev = "";
  for (const s of spans) {
    if (s.begin < cursor) fail(`tensor "${s.name}" data_offsets [${s.begin}, ${s.end}] overlap tensor "${prev}" which ends at ${cursor}`);
    if (s.begin > cursor) fail(`bytes ${cursor}..${s.begin} of the data section belong to no tensor (a hole before tensor "${s.name}")`);
    cursor = s.end;
    prev = s.name;
  }
  if (cursor !== dataLength) fail(`the data section has ${dataLength} bytes but the tensors cover only ${cursor}; bytes ${cursor}..${dataLength} belong to no tensor`);
  return { tensors, metadata };
}

/** Serialise tensors (in the given order) and optional string metadata into one safetensors file. */
export function serializeSafetensors(entries: [string, RawTensor][], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") fail(`save: metadata "${k}" must be a string, got ${typeof v}`);
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === "__metadata__") fail(`save: "__metadata__" is reserved and cannot name a tensor`);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] };
    offset += t.bytes.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces so the data section starts 8-byte aligned (as the reference writer does).
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const [, t] of entries) {
    out.set(t.bytes, at);
    at += t.bytes.length;
  }
  return out;
}
