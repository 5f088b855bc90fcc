// Piper's alignment patch (piper/patch_voice_with_alignment.py), in JavaScript: marks the model's one
// Ceil tensor (VITS's w_ceil, the frames of each phoneme id) as an extra graph output, so a run also
// says where every phoneme id lies in the audio. Piper does it with Python's onnx package; the edit
// is one appended field, so it is done here on the protobuf wire format itself rather than through a
// full ONNX schema: the model's bytes are copied unchanged but for the graph's length and the new
// output (a ValueInfoProto holding only the name, exactly what Piper's patch appends).
//
// Wire format (protobuf encoding): each field is a varint tag (field number << 3 | wire type), then
// a varint (type 0), 8 bytes (1), a varint length and that many bytes (2), or 4 bytes (5).
// ONNX field numbers (onnx.proto3): ModelProto.graph = 7; GraphProto.node = 1, output = 12;
// NodeProto.output = 2, op_type = 4; ValueInfoProto.name = 1.

const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_OUTPUT = 12;
const NODE_OUTPUT = 2;
const NODE_OP_TYPE = 4;
const VALUE_INFO_NAME = 1;
const LENGTH_DELIMITED = 2;

export class AlignmentPatchError extends Error {
  override name = 'AlignmentPatchError';
}

export type AlignmentPatch =
  /** `model` is the patched file; `tensor` the output added. */
  | { kind: 'patched'; model: Uint8Array; tensor: string }
  /** The model already has the output (patched before, by Aloud or by Piper's own script). */
  | { kind: 'already'; tensor: string };

interface Field {
  number: number;
  wireType: number;
  /** Where the field's tag starts and its whole encoding ends. */
  start: number;
  end: number;
  /** For length-delimited fields, where the payload starts (it ends at `end`). */
  payload: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    scale *= 128;
  }
  throw new AlignmentPatchError('the model file is cut short or is not an ONNX model');
}

/** The fields of one message, in order. */
function* fieldsOf(bytes: Uint8Array, start = 0, end = bytes.length): Generator<Field> {
  let at = start;
  while (at < end) {
    const tag = readVarint(bytes, at);
    const number = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    let payload = tag.next;
    let fieldEnd: number;
    if (wireType === 0) fieldEnd = readVarint(bytes, tag.next).next;
    else if (wireType === 1) fieldEnd = tag.next + 8;
    else if (wireType === 5) fieldEnd = tag.next + 4;
    else if (wireType === LENGTH_DELIMITED) {
      const length = readVarint(bytes, tag.next);
      payload = length.next;
      fieldEnd = length.next + length.value;
    } else throw new AlignmentPatchError(`the model file is not an ONNX model (wire type ${wireType})`);
    if (number === 0 || fieldEnd > end) throw new AlignmentPatchError('the model file is cut short or is not an ONNX model');
    yield { number, wireType, start: at, end: fieldEnd, payload };
    at = fieldEnd;
  }
}

function text(bytes: Uint8Array, field: Field): string {
  return utf8.decode(bytes.subarray(field.payload, field.end));
}

function varint(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value % 128) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

function lengthDelimited(number: number, payload: Uint8Array): Uint8Array {
  const head = [...varint(number * 8 + LENGTH_DELIMITED), ...varint(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

function graphOf(model: Uint8Array): Field {
  const graphs = [...fieldsOf(model)].filter((f) => f.number === MODEL_GRAPH && f.wireType === LENGTH_DELIMITED);
  if (graphs.length !== 1) throw new AlignmentPatchError('the file is not an ONNX model (it has no graph)');
  return graphs[0]!;
}

/** The names of an ONNX model's graph outputs. */
export function graphOutputs(model: Uint8Array): string[] {
  const graph = graphOf(model);
  const outputs: string[] = [];
  for (const field of fieldsOf(model, graph.payload, graph.end)) {
    if (field.wireType !== LENGTH_DELIMITED || field.number !== GRAPH_OUTPUT) continue;
    for (const f of fieldsOf(model, field.payload, field.end)) {
      if (f.number === VALUE_INFO_NAME && f.wireType === LENGTH_DELIMITED) outputs.push(text(model, f));
    }
  }
  return outputs;
}

/** Adds the alignment output to an ONNX model's bytes (which are left unchanged). */
export function addAlignmentOutput(model: Uint8Array): AlignmentPatch {
  const graph = graphOf(model);

  const ceilOutputs = new Set<string>();
  const outputs = new Set(graphOutputs(model));
  for (const field of fieldsOf(model, graph.payload, graph.end)) {
    if (field.wireType !== LENGTH_DELIMITED) continue;
    if (field.number === GRAPH_NODE) {
      let opType = '';
      const nodeOutputs: string[] = [];
      for (const f of fieldsOf(model, field.payload, field.end)) {
        if (f.number === NODE_OP_TYPE && f.wireType === LENGTH_DELIMITED) opType = text(model, f);
        else if (f.number === NODE_OUTPUT && f.wireType === LENGTH_DELIMITED) nodeOutputs.push(text(model, f));
      }
      if (opType === 'Ceil') for (const name of nodeOutputs) ceilOutputs.add(name);
    }
  }
  if (ceilOutputs.size === 0) throw new AlignmentPatchError('the model has no phoneme-length (Ceil) tensor to expose');
  if (ceilOutputs.size > 1) throw new AlignmentPatchError(`the model has several Ceil tensors (${[...ceilOutputs].join(', ')}); which one is the phoneme lengths is unknown`);
  const tensor = [...ceilOutputs][0]!;
  if (outputs.has(tensor)) return { kind: 'already', tensor };

  const output = lengthDelimited(GRAPH_OUTPUT, lengthDelimited(VALUE_INFO_NAME, new TextEncoder().encode(tensor)));
  const graphPayload = new Uint8Array(graph.end - graph.payload + output.length);
  graphPayload.set(model.subarray(graph.payload, graph.end));
  graphPayload.set(output, graph.end - graph.payload);
  const newGraph = lengthDelimited(MODEL_GRAPH, graphPayload);

  const patched = new Uint8Array(graph.start + newGraph.length + (model.length - graph.end));
  patched.set(model.subarray(0, graph.start));
  patched.set(newGraph, graph.start);
  patched.set(model.subarray(graph.end), graph.start + newGraph.length);
  return { kind: 'patched', model: patched, tensor };
}
