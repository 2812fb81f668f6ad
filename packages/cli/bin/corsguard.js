#!/usr/bin/env node
import { Buffer } from 'node:buffer';
import { setFlagsFromString } from 'node:v8';

// V8 moves an allocation site's objects straight to the old generation once many of them survive a
// young-generation collection. Parsing a large file makes that happen to the parsers' and the tree's
// sites, whose objects then die with the file: every later file fills the old generation instead.
// Over the benchmark corpus that was 5-6 mark-compacts and ~0.6 s more GC, and the run took 25%
// longer, depending only on which files came first. The flag only turns that heuristic off, and is
// set before the linter allocates anything (worker threads share it).
setFlagsFromString('--no-allocation-site-pretenuring');
const { run, MAX_FILE_BYTES } = await import('../dist/bundle/corsguard.js');

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
