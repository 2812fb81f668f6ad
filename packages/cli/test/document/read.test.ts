import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeConfigBytes, readConfigFile } from '../../src/document/read.js';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const utf16 = (text: string, endian: 'le' | 'be'): Uint8Array => {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const [first, second] = endian === 'le' ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff];
    out[2 + i * 2] = first;
    out[3 + i * 2] = second;
  }
  return out;
};

describe('decodeConfigBytes', () => {
  it('reads UTF-8, dropping a BOM', () => {
    expect(decodeConfigBytes(new TextEncoder().encode('\uFEFFa: é\n'))).toEqual({ kind: 'text', text: 'a: é\n' });
  });

  it('reads UTF-16 in either byte order when it has a BOM', () => {
    expect(decodeConfigBytes(utf16('a: 1\n', 'le'))).toEqual({ kind: 'text', text: 'a: 1\n' });
    expect(decodeConfigBytes(utf16('a: 1\n', 'be'))).toEqual({ kind: 'text', text: 'a: 1\n' });
  });

  it('calls a file with NUL bytes binary', () => {
    expect(decodeConfigBytes(bytes(0x89, 0x50, 0x4e, 0x47, 0x00))).toEqual({ kind: 'binary', reason: 'contains NUL bytes (a binary file)' });
  });

  it('decodes .properties bytes that are not UTF-8 as ISO-8859-1 (standard input named so)', () => {
    expect(decodeConfigBytes(bytes(0x61, 0x3d, 0xe9, 0x0a), 'properties')).toEqual({ kind: 'text', text: 'a=\u00e9\n' });
    expect(decodeConfigBytes(bytes(0x61, 0x3d, 0xc3, 0xa9, 0x0a), 'properties')).toEqual({ kind: 'text', text: 'a=\u00e9\n' });
  });

  it('places the first invalid UTF-8 byte', () => {
    const text = new TextEncoder().encode('a: 1\nb: x');
    const broken = new Uint8Array([...text, 0xc3, 0x28, 0x0a]);
    expect(decodeConfigBytes(broken)).toEqual({ kind: 'error', error: { message: 'File is not valid UTF-8', line: 2, column: 5 } });
  });
});

describe('readConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corsguard-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads UTF-8 text, dropping a BOM, and keeps a U+FFFD the file really holds', () => {
    expect(readConfigFile(file('bom.yaml', '\uFEFFa: 1\n'))).toEqual({ kind: 'text', text: 'a: 1\n' });
    expect(readConfigFile(file('replacement.yaml', 'a: "\uFFFD"\n'))).toEqual({ kind: 'text', text: 'a: "\uFFFD"\n' });
  });

  it('reads UTF-16 files, which the UTF-8 fast path cannot', () => {
    expect(readConfigFile(file('wide.yaml', utf16('a: 1\n', 'le')))).toEqual({ kind: 'text', text: 'a: 1\n' });
  });

  it('reads a .properties file that is not UTF-8 as ISO-8859-1, as Spring Boot does, and refuses the same bytes in YAML', () => {
    const latin1 = Buffer.from('# caf\xe9\nspring.web.cors.allowed-origins=https://a.example\n', 'latin1');
    expect(readConfigFile(file('application.properties', latin1))).toEqual({
      kind: 'text',
      text: '# caf\u00e9\nspring.web.cors.allowed-origins=https://a.example\n',
    });
    expect(readConfigFile(file('application.yaml', latin1))).toEqual({
      kind: 'error',
      error: { message: 'File is not valid UTF-8', line: 1, column: 6 },
    });
  });

  it('tells binary files and invalid UTF-8 apart', () => {
    expect(readConfigFile(file('image.yaml', bytes(0x89, 0x50, 0x4e, 0x47, 0x00, 0x41)))).toEqual({ kind: 'binary', reason: 'contains NUL bytes (a binary file)' });
    expect(readConfigFile(file('latin1.yaml', bytes(0x61, 0x3a, 0x20, 0xe9, 0x0a)))).toEqual({
      kind: 'error',
      error: { message: 'File is not valid UTF-8', line: 1, column: 4 },
    });
  });

  it('refuses what is not a regular file, and names a missing one', () => {
    expect(readConfigFile(dir)).toEqual({ kind: 'error', error: { message: 'Not a regular file or a pipe', line: 1, column: 1 } });
    expect(readConfigFile(join(dir, 'missing.yaml'))).toEqual({ kind: 'error', error: { message: 'Cannot read file: ENOENT', line: 1, column: 1 } });
  });
});
