#!/usr/bin/env node
import { Buffer } from 'node:buffer';
import { run } from '../dist/cli/main.js';

// `corsguard … | head` closes the pipe early; that ends the report, it is not a crash.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const exitCode = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    // Past the size limit the input is refused anyway: stop reading instead of holding all of it.
    const { MAX_FILE_BYTES } = await import('../dist/document/read.js');
    const chunks = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_FILE_BYTES) break;
    }
    return Buffer.concat(chunks);
  },
  colorDefault:
    process.env.FORCE_COLOR !== undefined
      ? process.env.FORCE_COLOR !== '0'
      : process.stdout.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb',
});
process.exitCode = exitCode;
