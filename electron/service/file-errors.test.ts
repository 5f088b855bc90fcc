import { mkdtempSync, writeFileSync } from 'node:fs';
import { open, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileErrorSentence } from './file-errors';

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe('file errors as sentences', () => {
  it('says what is wrong with the path, from real failures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-ferr-'));
    writeFileSync(join(dir, 'a-file'), '');
    expect(fileErrorSentence(await failure(open(join(dir, 'no/such/x.wav'), 'w')))).toBe(`${join(dir, 'no/such/x.wav')} cannot be written: its folder does not exist.`);
    expect(fileErrorSentence(await failure(open(join(dir, 'a-file/x.wav'), 'w')))).toMatch(/part of its path is a file/);
    expect(fileErrorSentence(await failure(open(dir, 'w')))).toBe(`${dir} is a folder: give a file name.`);
    expect(fileErrorSentence(await failure(mkdir(join(dir, 'a-file'))))).toMatch(/already exists and is not a folder/);
  });

  it('knows a read-only disk and a full one, and leaves other errors alone', () => {
    expect(fileErrorSentence(Object.assign(new Error('x'), { code: 'EROFS', path: '/media/cd/x.wav' }))).toBe('/media/cd/x.wav cannot be written: that disk is read-only.');
    expect(fileErrorSentence(Object.assign(new Error('x'), { code: 'ENOSPC', path: '/tmp/x.wav' }))).toMatch(/disk is full/);
    expect(fileErrorSentence(new Error('voice failed'))).toBeNull();
  });
});
