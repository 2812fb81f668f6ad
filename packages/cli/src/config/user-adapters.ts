import { ConfigError } from './load.js';
import type { Adapter } from '../adapters/adapter.js';

/**
 * Load the user adapters named in the config file. A module's default export, or its `adapter`
 * export, must satisfy `Adapter`; anything else is a config error, reported before any file is linted.
 */
export async function loadUserAdapters(moduleUrls: readonly string[]): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  for (const url of moduleUrls) {
    let module: Record<string, unknown>;
    try {
      module = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`Cannot load adapter module ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const candidate = module.default ?? module.adapter;
    const missing = missingMembers(candidate);
    if (missing.length > 0) {
      const found = candidate === undefined ? 'it exports neither' : `its export lacks ${missing.join(', ')}`;
      throw new ConfigError(
        `Adapter module ${url} must export an adapter (default export or "adapter") with name, description, detect() and extract(): ${found}`,
      );
    }
    adapters.push(candidate as Adapter);
  }
  return adapters;
}

const REQUIRED_MEMBERS = [
  ['name', 'string'],
  ['description', 'string'],
  ['detect', 'function'],
  ['extract', 'function'],
] as const;

/** The members an adapter needs that `value` lacks or has with another type, as `name (a string)`. */
function missingMembers(value: unknown): string[] {
  const adapter = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return REQUIRED_MEMBERS.filter(([key, type]) => typeof adapter[key] !== type).map(([key, type]) =>
    type === 'function' ? `${key}()` : `${key} (a string)`,
  );
}
