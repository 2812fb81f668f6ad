import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/**
 * Which files to lint: explicit files as given, directories walked for YAML, JSON and TOML (and
 * Spring's properties files), globs expanded.
 * A walk honours `.gitignore` files found from each walked root down (so `corsguard cdk.out` still
 * lints a git-ignored CDK output), skips VCS folders and `node_modules`, and follows a symlink only
 * when its target lies inside a root being linted, each directory once, so links can neither loop
 * nor reach outside.
 *
 * Synchronous on purpose: a walk is a few calls per directory, and awaiting each one on the thread pool
 * left the process idle for most of the walk (measured: 3,000 files in 300 directories, 340 ms, of which
 * 240 ms idle).
 */

export interface IgnorePattern {
  /** A picomatch glob; one without `/` matches a name at any depth, as in `.gitignore`. */
  pattern: string;
  /** The directory the pattern is relative to (the working directory, or the config file's). */
  base: string;
}

export interface DiscoveryOptions {
  cwd: string;
  ignorePatterns: readonly IgnorePattern[];
  /** Honour `.gitignore` files while walking (`--no-gitignore` turns it off). */
  gitignore: boolean;
  debug?: (message: string) => void;
}

export interface Discovery {
  /** Absolute paths, each once, in argument order, each walk sorted by path. */
  files: string[];
  /** Arguments that name nothing: a usage error, as in ESLint. */
  unmatched: string[];
  /** Globs and directories whose every file is ignored (a usage error too, with its own message, as in ESLint). */
  allIgnored: string[];
}

/**
 * Extensions walked in directories. `.template` is CloudFormation's customary one (JSON or YAML);
 * `.toml` holds Traefik's file provider and `netlify.toml`; `.properties` holds Spring Boot's
 * `application-<profile>.properties` and the `<app>-<profile>.properties` files of a Spring Cloud
 * Config repository. Properties files that are no config (messages, logging, Gradle) are skipped
 * quietly, as unrecognised YAML is. `.tfstate` is a Terraform state file that a repository commits.
 */
const CONFIG_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.template', '.toml', '.properties', '.tfstate']);
/**
 * Directories a walk never enters: dependencies, version control, and the build copies of configs that
 * SAM (`sam build` copies template.yaml into .aws-sam/build) and the Serverless Framework (the compiled
 * stack in .serverless) write next to the sources, whose findings would repeat the source's at other
 * positions. Naming one of them lints it.
 */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '.aws-sam', '.serverless']);

/**
 * Package managers' lockfiles: generated dependency lists, never a CORS config, and often many MB (a
 * large monorepo's `package-lock.json` or `pnpm-lock.yaml` passes the size corsguard reads, which
 * would fail the run). Skipped in walks and when named, since a hook passes a staged lockfile too.
 */
const LOCKFILE_NAMES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'packages.lock.json']);

function isLockfile(file: string): boolean {
  const name = basename(file);
  return LOCKFILE_NAMES.has(name) || /\.lock(?:file)?$/i.test(name);
}

export function discoverFiles(args: readonly string[], options: DiscoveryOptions): Discovery {
  const debug = options.debug ?? (() => undefined);
  const isIgnored = ignoreMatcher(options.ignorePatterns);
  const isIgnoredWithParents = (path: string, directory: boolean): boolean => ignoredWithParents(isIgnored, path, directory);
  const files: string[] = [];
  const seen = new Set<string>();
  const unmatched: string[] = [];
  const allIgnored: string[] = [];
  const add = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };

  for (const arg of args) {
    const absolute = resolve(options.cwd, arg);
    const stats = statOrUndefined(absolute);
    if (stats === undefined) {
      const scan = picomatch.scan(arg);
      if (!scan.isGlob) {
        unmatched.push(arg);
        continue;
      }
      const base = resolve(options.cwd, scan.base === '' ? '.' : scan.base);
      const matches = picomatch(scan.glob, { dot: true });
      const accept = (file: string): boolean => matches(toSlash(relative(base, file)));
      const found = isIgnoredWithParents(base, true) ? [] : walk(base, options, isIgnored, debug, accept);
      if (found.length === 0) {
        const unignored = walk(base, { ...options, gitignore: false }, () => false, () => undefined, accept);
        (unignored.length === 0 ? unmatched : allIgnored).push(arg);
      }
      found.forEach(add);
      continue;
    }
    if (stats.isDirectory()) {
      if (isIgnoredWithParents(absolute, true)) {
        debug(`${absolute}: skipped, matches an ignore pattern`);
        allIgnored.push(arg);
      } else {
        walk(absolute, options, isIgnored, debug, isConfigName).forEach(add);
      }
    } else if (isIgnoredWithParents(absolute, false)) {
      debug(`${absolute}: skipped, matches an ignore pattern`);
    } else if (isLockfile(absolute)) {
      debug(`${absolute}: skipped, a package manager's lockfile`);
    } else {
      add(absolute);
    }
  }
  return { files, unmatched, allIgnored };
}

/**
 * A path named on the command line (or a walk's root) is ignored when it or a directory above it
 * matches, as `.gitignore` reads `legacy/`: a walk never enters an ignored directory, but a hook
 * names the files inside it one by one.
 */
function ignoredWithParents(isIgnored: (path: string, directory: boolean) => boolean, path: string, directory: boolean): boolean {
  if (isIgnored(path, directory)) return true;
  for (let parent = dirname(path); parent !== dirname(parent); parent = dirname(parent)) {
    if (isIgnored(parent, true)) return true;
  }
  return false;
}

/** Whether ignore patterns skip a file named on the command line, or the `--stdin-filename` of standard input. */
export function isIgnoredFile(path: string, ignorePatterns: readonly IgnorePattern[]): boolean {
  return ignoredWithParents(ignoreMatcher(ignorePatterns), path, false);
}

function isConfigName(file: string): boolean {
  const extension = extname(file).toLowerCase();
  // Netlify's and Cloudflare Pages' plain-text header rules.
  if (basename(file) === '_headers') return true;
  return CONFIG_EXTENSIONS.has(extension);
}

function toSlash(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * `--ignore-pattern` and config `ignorePatterns`, each relative to its own base directory. As in
 * ESLint and `.gitignore`, a pattern starting with `!` re-includes what an earlier one ignores, and the
 * last pattern that matches a path (or a directory above it) decides.
 */
function ignoreMatcher(patterns: readonly IgnorePattern[]): (path: string, directory: boolean) => boolean {
  const matchers = patterns.map(({ pattern, base }) => {
    const negated = pattern.startsWith('!');
    const trimmed = (negated ? pattern.slice(1) : pattern).replace(/\/+$/, '');
    const glob = trimmed.includes('/') ? trimmed.replace(/^\//, '') : `**/${trimmed}`;
    return { base, negated, test: picomatch(glob, { dot: true }) };
  });
  const relativeTo = (base: string, path: string): string | undefined => {
    const rel = toSlash(relative(base, path));
    return rel === '' || rel.startsWith('../') || rel === '..' || isAbsolute(rel) ? undefined : rel;
  };
  if (!matchers.some(({ negated }) => negated)) {
    return (path, directory) =>
      matchers.some(({ base, test }) => {
        const rel = relativeTo(base, path);
        return rel !== undefined && (test(rel) || (directory && test(`${rel}/`)));
      });
  }
  return (path, directory) => {
    // A later "!" pattern may re-include a file inside an ignored directory, so directories are walked.
    if (directory) return false;
    let ignored = false;
    for (const { base, negated, test } of matchers) {
      if (ignored !== negated) continue;
      const rel = relativeTo(base, path);
      if (rel === undefined) continue;
      let matched = test(rel);
      for (let slash = rel.lastIndexOf('/'); !matched && slash > 0; slash = rel.lastIndexOf('/', slash - 1)) {
        const parent = rel.slice(0, slash);
        matched = test(parent) || test(`${parent}/`);
      }
      if (matched) ignored = !negated;
    }
    return ignored;
  };
}

interface GitignoreScope {
  base: string;
  rules: Ignore;
}

function walk(
  root: string,
  options: DiscoveryOptions,
  isIgnored: (path: string, directory: boolean) => boolean,
  debug: (message: string) => void,
  accept: (file: string) => boolean,
): string[] {
  const rootReal = realpathOrUndefined(root) ?? root;
  const inside = (real: string): boolean => real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
  const visited = new Set<string>([rootReal]);
  const found: string[] = [];
  const pending: { dir: string; scopes: GitignoreScope[] }[] = [{ dir: root, scopes: [] }];

  while (pending.length > 0) {
    const { dir, scopes: parentScopes } = pending.pop() as { dir: string; scopes: GitignoreScope[] };
    const scopes = options.gitignore ? withGitignore(dir, parentScopes) : parentScopes;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      debug(`${dir}: skipped, cannot read directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirectories: string[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = realpathOrUndefined(path);
        if (target === undefined) {
          debug(`${path}: skipped, broken symbolic link`);
          continue;
        }
        if (!inside(target)) {
          debug(`${path}: skipped, symbolic link to ${target}, outside ${rootReal}`);
          continue;
        }
        const targetStats = statOrUndefined(target);
        isDirectory = targetStats?.isDirectory() ?? false;
        isFile = targetStats?.isFile() ?? false;
      }
      if (isDirectory && SKIPPED_DIRECTORIES.has(entry.name)) continue;
      if (isDirectory) {
        const real = realpathOrUndefined(path) ?? path;
        if (visited.has(real)) {
          debug(`${path}: skipped, a directory already walked through another path`);
          continue;
        }
        visited.add(real);
      }
      if (!isDirectory && !isFile) continue;
      if (isIgnored(path, isDirectory)) {
        debug(`${path}: skipped, matches an ignore pattern`);
        continue;
      }
      if (gitignored(scopes, path, isDirectory)) {
        debug(`${path}: skipped, ignored by .gitignore`);
        continue;
      }
      if (isDirectory) subdirectories.push(path);
      else if (!accept(path)) continue;
      else if (isLockfile(path)) debug(`${path}: skipped, a package manager's lockfile`);
      else found.push(path);
    }
    // Depth-first in name order: push in reverse so the first directory is walked first.
    for (let i = subdirectories.length - 1; i >= 0; i--) pending.push({ dir: subdirectories[i] as string, scopes });
  }
  return found.sort(comparePaths);
}

/** Sort by path segments so `a/b.yaml` comes before `a-b.yaml`, as a tree listing shows them. */
function comparePaths(a: string, b: string): number {
  const left = a.split(sep);
  const right = b.split(sep);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] as string;
    const y = right[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

function withGitignore(dir: string, scopes: GitignoreScope[]): GitignoreScope[] {
  const file = join(dir, '.gitignore');
  const info = lstatSync(file, { throwIfNoEntry: false });
  if (info === undefined || !info.isFile()) return scopes;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // An unreadable .gitignore ignores nothing, as git treats it.
  }
  return [...scopes, { base: dir, rules: ignore().add(text) }];
}

/** A missing or unreadable path (a broken link, a race with a deletion) is simply not there. */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/**
 * Whether git ignores the path: the deepest `.gitignore` with a pattern for it decides, so a nested
 * `!keep.yaml` re-includes what a parent's `*.yaml` excludes (gitignore(5): patterns in lower-level
 * files override higher-level ones); within one file the last matching pattern wins (`ignore` does that).
 */
function gitignored(scopes: readonly GitignoreScope[], path: string, directory: boolean): boolean {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i] as GitignoreScope;
    const rel = toSlash(relative(scope.base, path));
    if (rel === '' || rel.startsWith('..')) continue;
    const { ignored, unignored } = scope.rules.test(directory ? `${rel}/` : rel);
    if (ignored) return true;
    if (unignored) return false;
  }
  return false;
}
