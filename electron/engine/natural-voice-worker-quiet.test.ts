// onnxruntime's own log lines ("Removing initializer ... It is not used by any node", which real
// voices print) are none of the user's business: the natural voices' worker asks for errors only.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { FIXTURE_VOICES, TINY_VOICE } from '../../test/support/tiny-piper';

const bytes = (s: string) => [...Buffer.from(s)];

/** The tiny voice plus an initializer no node uses: a second graph field, which protobuf merges into the first. */
function withUnusedInitializer(folder: string): string {
  // TensorProto: dims [1], data_type FLOAT, float_data [0], name "unused".
  const tensor = [0x08, 0x01, 0x10, 0x01, 0x22, 0x04, 0, 0, 0, 0, 0x42, 6, ...bytes('unused')];
  const graph = [0x2a, tensor.length, ...tensor]; // GraphProto.initializer
  const model = join(folder, `${TINY_VOICE}.onnx`);
  writeFileSync(model, Buffer.concat([readFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx`)), Uint8Array.from([0x3a, graph.length, ...graph])]));
  copyFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx.json`), `${model}.json`);
  return model;
}

it("speaks a voice the runtime would warn about without a line of the runtime's log", async () => {
  const model = withUnusedInitializer(mkdtempSync(join(tmpdir(), 'aloud-quiet-')));
  const script = join(import.meta.dirname, '../../test/support/speak-piper-voice.ts');
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, model]);
  expect(stdout).toContain('spoken');
  expect(stderr).not.toMatch(/onnxruntime/);
});
