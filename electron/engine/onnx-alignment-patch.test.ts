import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { addAlignmentOutput, AlignmentPatchError } from './onnx-alignment-patch';

const fixtures = join(__dirname, '../../test/fixtures/voices');
const tables = JSON.parse(readFileSync(join(fixtures, 'tables.json'), 'utf8')) as { frames: number[] };

function feeds(ids: number[], lengthScale: number): Record<string, ort.Tensor> {
  return {
    input: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
    input_lengths: new ort.Tensor('int64', BigInt64Array.from([BigInt(ids.length)]), [1]),
    scales: new ort.Tensor('float32', Float32Array.from([0.667, lengthScale, 0.8]), [3]),
  };
}

describe('the alignment patch', () => {
  it('exposes the frames of every phoneme id as a second output that the runtime computes', async () => {
    const original = readFileSync(join(fixtures, 'en_US-tiny-low.onnx'));
    const patch = addAlignmentOutput(original);
    expect(patch.kind).toBe('patched');
    if (patch.kind !== 'patched') return;
    expect(patch.tensor).toBe('w_ceil');

    const session = await ort.InferenceSession.create(patch.model);
    expect(session.outputNames).toEqual(['output', 'w_ceil']);
    const ids = [1, 0, 20, 0, 18, 0, 2];
    const result = await session.run(feeds(ids, 1.5));
    const frames = Array.from(result['w_ceil']!.data as Float32Array);
    expect(frames).toEqual(ids.map((id) => Math.ceil(tables.frames[id]! * 1.5)));
    // The audio is exactly the frames' samples: 256 per frame.
    expect(result['output']!.dims).toEqual([1, 1, frames.reduce((a, b) => a + b) * 256]);
    await session.release();
  });

  it('leaves the original bytes untouched and knows a model it already patched', () => {
    const original = readFileSync(join(fixtures, 'en_US-tinyduo-low.onnx'));
    const copy = Buffer.from(original);
    const patch = addAlignmentOutput(original);
    expect(Buffer.compare(original, copy)).toBe(0);
    if (patch.kind !== 'patched') throw new Error('expected a patch');
    expect(addAlignmentOutput(patch.model)).toEqual({ kind: 'already', tensor: 'w_ceil' });
  });

  it('refuses a file that is not an ONNX model, or is cut short, with a reason', () => {
    const original = readFileSync(join(fixtures, 'en_US-tiny-low.onnx'));
    expect(() => addAlignmentOutput(new TextEncoder().encode('<html>Not found</html>'))).toThrow(AlignmentPatchError);
    expect(() => addAlignmentOutput(original.subarray(0, original.length - 300))).toThrow(/cut short|not an ONNX model/);
  });
});
