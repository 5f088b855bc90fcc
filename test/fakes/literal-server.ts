// A server that answers every request with one fixed response: for feeding the documents' literal
// examples to an adapter exactly as printed.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function serveLiteral(status: number, contentType: string, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'Content-Type': contentType, Connection: 'close' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** The first `…` literal after "→ " on the line of /work/shared/providers.md that contains `marker`. */
export function providersMdLiteral(marker: string): string {
  const doc = readFileSync('/work/shared/providers.md', 'utf8');
  const line = doc.split('\n').find((l) => l.includes(marker));
  if (!line) throw new Error(`providers.md has no line with ${marker}`);
  const m = /→ `([^`]+)`/u.exec(line);
  if (!m) throw new Error(`no literal after → on: ${line}`);
  return m[1]!;
}
