// Tests for safetensors header parsing/validation and serialisation on raw bytes (no Tensors involved).
import { describe, expect, it } from "vitest";
import { parseSafetensors, serializeSafetensors } from "./safetensors-format.ts";

/** Build a file from a header object (or raw header text) and a data section. */
function file(header: unknown, data: Uint8Array, declaredLength?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declaredLength ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (vals: number[]) => new Uint8Array(Float32Array.from(vals).buffer);

describe("parseSafetensors", () => {
  it("parses a well-formed file with metadata, giving views of each tensor's bytes", () => {
    const bytes = file(
      { __metadata__: { format: "pt" }, a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "I8", shape: [1, 3], data_offsets: [8, 11] } },
      new Uint8Array([...f32([1, 2]), 1, 2, 255]),
    );
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(metadata).toEqual({ format: "pt" });
    expect(tensors.get("a")!.shape).toEqual([2]);
    expect(Array.from(new Float32Array(tensors.get("a")!.bytes.slice().buffer))).toEqual([1, 2]);
    expect(Array.from(tensors.get("b")!.bytes)).toEqual([1, 2, 255]);
  });

  it("rejects a file shorter than the 8-byte length prefix", () => {
    expect(() => parseSafetensors(new Uint8Array(5))).toThrow(/file is 5 bytes, too short for the 8-byte header length/);
  });

  it("rejects a header length that runs past the end of the file", () => {
    const bytes = file({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, f32([1]), 9999);
    expect(() => parseSafetensors(bytes)).toThrow(/header length 9999 \(bytes 0\.\.8\) exceeds the \d+ bytes that follow it/);
  });

  it("rejects malformed JSON, naming the byte range", () => {
    expect(() => parseSafetensors(file('{"a": {"dtype": "F32",', new Uint8Array(0)))).toThrow(/header \(bytes 8\.\.30\) is not valid JSON/);
    expect(() => parseSafetensors(file("[1, 2]", new Uint8Array(0)))).toThrow(/must start with '\{'/);
  });

  it("rejects offsets beyond the data section (truncated file)", () => {
    const bytes = file({ "h.0.attn.c_attn.weight": { dtype: "F32", shape: [32, 32], data_offsets: [0, 4096] } }, new Uint8Array(1024));
    expect(() => parseSafetensors(bytes)).toThrow(
      'safetensors: tensor "h.0.attn.c_attn.weight" declares data_offsets [0, 4096] but the data section has only 1024 bytes (the file is truncated?)',
    );
  });

  it("rejects a dtype/shape that disagrees with the byte span", () => {
    const bytes = file({ w: { dtype: "F32", shape: [2, 3], data_offsets: [0, 16] } }, new Uint8Array(16));
    expect(() => parseSafetensors(bytes)).toThrow(/tensor "w" has dtype F32 and shape \[2, 3\] = 24 bytes, but data_offsets \[0, 16\] span 16 bytes/);
  });

  it("rejects overlapping tensors, holes and trailing bytes", () => {
    const overlap = file(
      { a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } },
      new Uint8Array(12),
    );
    expect(() => parseSafetensors(overlap)).toThrow(/tensor "b" data_offsets \[4, 12\] overlap tensor "a" which ends at 8/);
    const hole = file({ a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8));
    expect(() => parseSafetensors(hole)).toThrow(/bytes 0\.\.4 of the data section belong to no tensor/);
    const trailing = file({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, new Uint8Array(6));
    expect(() => parseSafetensors(trailing)).toThrow(/the data section has 6 bytes but the tensors cover only 4; bytes 4\.\.6/);
  });

  it("rejects unknown dtypes, bad shapes, bad offsets and non-string metadata", () => {
    const one = (info: unknown) => file({ t: info }, new Uint8Array(4));
    expect(() => parseSafetensors(one({ dtype: "F8_E4M3", shape: [4], data_offsets: [0, 4] }))).toThrow(/tensor "t" has unsupported dtype "F8_E4M3"; supported: F64, F32/);
    expect(() => parseSafetensors(one({ dtype: "U8", shape: [-4], data_offsets: [0, 4] }))).toThrow(/tensor "t" has invalid shape \[-4\]/);
    expect(() => parseSafetensors(one({ dtype: "U8", shape: [4], data_offsets: [4, 0] }))).toThrow(/declares data_offsets \[4, 0\] with begin > end/);
    expect(() => parseSafetensors(one({ dtype: "U8", shape: [4], data_offsets: [0] }))).toThrow(/invalid data_offsets \[0\]/);
    expect(() => parseSafetensors(file({ __metadata__: { n: 3 } }, new Uint8Array(0)))).toThrow(/"__metadata__"."n" must be a string, got 3/);
  });
});

describe("serializeSafetensors", () => {
  it("writes an 8-byte aligned header and round-trips through the parser", () => {
    const bytes = serializeSafetensors(
      [
        ["x", { dtype: "F32", shape: [3], bytes: f32([1, -2, 3.5]) }],
        ["y", { dtype: "U8", shape: [0], bytes: new Uint8Array(0) }],
      ],
      { note: "hi" },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const back = parseSafetensors(bytes);
    expect(back.metadata).toEqual({ note: "hi" });
    expect(Array.from(back.tensors.get("x")!.bytes)).toEqual(Array.from(f32([1, -2, 3.5])));
    expect(back.tensors.get("y")!.shape).toEqual([0]);
  });
});
