/**
 * Preloaded with `node --import` into every corsguard subprocess the hostile suite starts (and, through
 * the inherited execArgv, into its worker threads). It observes the process from inside without
 * changing what corsguard does with its input:
 *
 * - `HOSTILE_USAGE_FILE`: at exit, the main thread writes `process.resourceUsage()` there. `maxRSS`
 *   is the process-wide peak resident set (worker threads included), which is portable where
 *   `/usr/bin/time -v` is not installed.
 * - `HOSTILE_NETWORK_LOG`: every attempt to open a network connection or resolve a name is appended
 *   there as one JSON line, then fails. A linter reading files has no reason to do either.
 * - `HOSTILE_THREAD_LOG`: each worker thread appends its id when it starts.
 * - `HOSTILE_WATCH_DIR` + `HOSTILE_READ_LOG`: every file opened whose real path lies inside the watched
 *   directory is appended to the read log, so a test can prove a file was never read through a symlink.
 *
 * Logs are appended synchronously at the moment of the attempt, so nothing is lost when the CLI calls
 * `process.exit()`.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import fs from 'node:fs';
import { Buffer } from 'node:buffer';
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';

const usageFile = process.env.HOSTILE_USAGE_FILE;
const networkLog = process.env.HOSTILE_NETWORK_LOG;
const watchDir = process.env.HOSTILE_WATCH_DIR;
const readLog = process.env.HOSTILE_READ_LOG;
const threadLog = process.env.HOSTILE_THREAD_LOG;

// One line per worker thread started, so a test can tell a run used worker threads.
if (threadLog && !isMainThread) appendFileSync(threadLog, `${threadId}\n`);

/**
 * Prototype pollution shows up as a property that appears on (or changes on) a built-in prototype
 * while corsguard runs; a snapshot taken before the CLI loads is compared at exit.
 */
const watchedPrototypes = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype };
const snapshot = (proto) => new Map(Reflect.ownKeys(proto).map((key) => [key, Object.getOwnPropertyDescriptor(proto, key)]));
const before = Object.fromEntries(Object.entries(watchedPrototypes).map(([name, proto]) => [name, snapshot(proto)]));
const prototypeChanges = () => {
  const changes = [];
  for (const [name, proto] of Object.entries(watchedPrototypes)) {
    const original = before[name];
    for (const [key, descriptor] of snapshot(proto)) {
      const was = original.get(key);
      if (was === undefined) changes.push(`${name}.prototype.${String(key)} added`);
      else if (was.value !== descriptor.value || was.get !== descriptor.get || was.set !== descriptor.set) {
        changes.push(`${name}.prototype.${String(key)} replaced`);
      }
    }
  }
  if (Object.getPrototypeOf(Object.prototype) !== null) changes.push('Object.prototype has a prototype');
  return changes;
};

if (usageFile && isMainThread) {
  process.on('exit', () => {
    writeFileSync(usageFile, JSON.stringify({ ...process.resourceUsage(), prototypeChanges: prototypeChanges() }));
  });
}

if (networkLog) {
  const record = (api, detail) => {
    appendFileSync(networkLog, `${JSON.stringify({ api, detail: String(detail), threadId })}\n`);
    return new Error(`hostile-suite network guard: ${api} is not allowed in a lint run`);
  };
  const describe = (args) => {
    const [first] = Array.isArray(args[0]) ? args[0] : args;
    if (first && typeof first === 'object') return JSON.stringify({ host: first.host, port: first.port, path: first.path });
    return args.filter((arg) => typeof arg !== 'function').join(':');
  };

  net.Socket.prototype.connect = function connect(...args) {
    const error = record('net.Socket.connect', describe(args));
    process.nextTick(() => this.destroy(error));
    return this;
  };
  dgram.Socket.prototype.send = function send(...args) {
    throw record('dgram.Socket.send', describe(args.slice(1)));
  };
  dgram.Socket.prototype.connect = function connect(...args) {
    throw record('dgram.Socket.connect', describe(args));
  };
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveTxt', 'reverse']) {
    dns[name] = (...args) => {
      const error = record(`dns.${name}`, describe(args));
      const callback = args.find((arg) => typeof arg === 'function');
      if (callback) process.nextTick(() => callback(error));
    };
    dns.promises[name] = async (...args) => {
      throw record(`dns.promises.${name}`, describe(args));
    };
  }
  globalThis.fetch = async (input) => {
    throw record('fetch', typeof input === 'string' ? input : input?.url ?? input);
  };
  if (typeof globalThis.WebSocket === 'function') {
    globalThis.WebSocket = function WebSocket(url) {
      throw record('WebSocket', url);
    };
  }
}

if (watchDir && readLog) {
  const realWatchDir = fs.realpathSync(watchDir);
  const realpath = fs.realpathSync.native;
  const noteIfWatched = (api, target) => {
    if (typeof target !== 'string' && !(target instanceof URL) && !Buffer.isBuffer(target)) return;
    const asPath = target instanceof URL ? target.pathname : String(target);
    let real;
    try {
      real = realpath(path.resolve(asPath));
    } catch {
      return;
    }
    if (real === realWatchDir || real.startsWith(realWatchDir + path.sep)) {
      appendFileSync(readLog, `${JSON.stringify({ api, path: asPath, real, threadId })}\n`);
    }
  };
  const wrap = (owner, name, label) => {
    const original = owner[name];
    if (typeof original !== 'function') return;
    owner[name] = function watched(target, ...rest) {
      noteIfWatched(label, target);
      return original.call(this, target, ...rest);
    };
  };
  for (const name of ['openSync', 'readFileSync', 'open', 'readFile', 'createReadStream', 'opendirSync', 'opendir', 'readdirSync', 'readdir']) {
    wrap(fs, name, `fs.${name}`);
  }
  for (const name of ['open', 'readFile', 'opendir', 'readdir']) wrap(fs.promises, name, `fs.promises.${name}`);
}

// Named ESM imports of builtins (`import { readFile } from 'node:fs'`) only see the replacements after this.
syncBuiltinESMExports();
