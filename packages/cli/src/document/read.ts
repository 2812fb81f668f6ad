import { Buffer, isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { ConfigError } from './parse.js';

/** What reading a file's bytes gave: its text, a sign it is no text file at all, or why it failed. */
export type ReadOutcome =
  | { kind: 'text'; text: string }
  | { kind: 'binary'; reason: string }
  | { kind: 'error'; error: ConfigError };

/**
 * Larger files are refused rather than read. Real configs stay far below it (a CloudFormation
 * template is capped at 1 MB, a Kubernetes object at 1.5 MB); above it, parsing alone takes seconds
 * and hundreds of MB, which a crafted file in a pull request could make CI pay for.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** How much of the start of a file is checked for NUL bytes, as git does to tell binary files. */
const BINARY_SNIFF_BYTES = 8000;

/**
 * Read a file as text. Synchronous on purpose: files are linted one after another on each thread, so
 * the promise machinery of async reads only adds latency (it was a tenth of a lint run's time).
 */
export function readConfigFile(path: string): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stats = fstatSync(fd);
    // A pipe (`corsguard <(helm template …)`) has no size up front: read it up to the limit.
    const encoding = encodingFor(path);
    if (stats.isFIFO()) return decodeConfigBytes(readUpToLimit(fd), encoding);
    // A device has no end (a named symlink to /dev/zero would be read until memory runs out).
    if (!stats.isFile()) return failure('Not a regular file or a pipe');
    if (stats.size > MAX_FILE_BYTES) {
      return failure(`File is ${(stats.size / 1024 / 1024).toFixed(1)} MiB, larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB corsguard reads`);
    }
    // Node decodes UTF-8 straight from the file into a string, without a Buffer in between: a quarter
    // of the read time over the benchmark corpus. That decoder replaces what is not UTF-8 (a UTF-16
    // file included) with U+FFFD, and a binary file has NUL bytes near its start: only such texts are
    // read again as bytes, to be told apart exactly.
    const text = readFileSync(fd, 'utf8');
    if (text.includes('\uFFFD') || text.lastIndexOf('\0', BINARY_SNIFF_BYTES) >= 0) return decodeConfigBytes(readFileSync(path), encoding);
    return { kind: 'text', text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (error) {
    return failure(`Cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The bytes of a stream, stopping once there are more than MAX_FILE_BYTES (decoding then refuses them). */
function readUpToLimit(fd: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const length = readSync(fd, chunk, 0, chunk.length, null);
    if (length === 0) break;
    chunks.push(chunk.subarray(0, length));
    total += length;
    if (total > MAX_FILE_BYTES) break;
  }
  return Buffer.concat(chunks);
}

/**
 * How a file's bytes are text: UTF-8 (with YAML's UTF-16 byte-order marks), or, for Java `.properties`
 * files, UTF-8 when the bytes are valid UTF-8 and ISO-8859-1 otherwise. Spring Boot reads
 * `application.properties` as ISO-8859-1 (`OriginTrackedPropertiesLoader`, `StandardCharsets.ISO_8859_1`),
 * so a file saved in Latin-1 is a valid config; its CORS values are ASCII and read the same either way.
 */
export type ConfigEncoding = 'utf8' | 'properties';

export function encodingFor(path: string): ConfigEncoding {
  return path.endsWith('.properties') ? 'properties' : 'utf8';
}

/**
 * Bytes → text. YAML allows UTF-8 and UTF-16 (told apart by the byte-order mark); JSON is UTF-8.
 * A file with NUL bytes near its start and no UTF-16 mark is binary, and not a config.
 */
export function decodeConfigBytes(bytes: Uint8Array, encoding: ConfigEncoding = 'utf8'): ReadOutcome {
  // Files are measured before reading; standard input only here (the bin stops reading past the limit).
  if (bytes.length > MAX_FILE_BYTES) return failure(`Input is larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB corsguard reads`);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { kind: 'text', text: new TextDecoder('utf-16le').decode(bytes) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { kind: 'text', text: new TextDecoder('utf-16be').decode(bytes) };
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { kind: 'binary', reason: 'contains NUL bytes (a binary file)' };
  // Buffer's decoder is the fastest; it replaces each invalid sequence with U+FFFD, so only a text that
  // holds one needs the exact check, and then the first U+FFFD is where the file goes wrong.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const replacement = text.indexOf('\uFFFD');
  if (replacement < 0 || isUtf8(bytes)) return { kind: 'text', text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  if (encoding === 'properties') return { kind: 'text', text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') };
  const before = text.slice(0, replacement);
  const line = before.split(/\r\n|\r|\n/).length;
  const column = replacement - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { kind: 'error', error: { message: 'File is not valid UTF-8', line, column } };
}

function failure(message: string): ReadOutcome {
  return { kind: 'error', error: { message, line: 1, column: 1 } };
}
