import { looksBinary } from './binary-text';

describe('binary data taken for text', () => {
  it('is told by a NUL byte or many control and undecodable characters', () => {
    expect(looksBinary('ELF\u0002\u0001\u0001\u0000\u0000\u0000').binary).toBe(true);
    expect(looksBinary('\ufffd\ufffdPNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR').binary).toBe(true);
    expect(looksBinary('a\u0001b\u0002c\u0003d'.repeat(100)).binary).toBe(true);
  });

  it('leaves text alone: prose, code, terminal colours, a stray odd character', () => {
    expect(looksBinary('The quick brown fox.\n\tIndented.\r\n\fNext page.').binary).toBe(false);
    expect(looksBinary('\u001b[31mred\u001b[0m and plain').binary).toBe(false);
    expect(looksBinary(`${'A long text of words. '.repeat(50)}\ufffd`).binary).toBe(false);
    expect(looksBinary('').binary).toBe(false);
  });

  it('reads a short Latin-1 text piped in as UTF-8 (its accents undecodable) as text, but not a text that is mostly undecodable', () => {
    const latin1AsUtf8 = Buffer.from('Café crème à l’été, déjà vu.', 'latin1').toString('utf8');
    expect(latin1AsUtf8).toContain('\ufffd');
    expect(looksBinary(latin1AsUtf8).binary).toBe(false);
    expect(looksBinary('\ufffd\ufffd\ufffdab\ufffd\ufffd\ufffdcd'.repeat(20)).binary).toBe(true);
  });
});
