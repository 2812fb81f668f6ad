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
    if (!isAdapter(candidate)) {
      throw new ConfigError(
        `Adapter module ${url} must export an adapter (default export or "adapter") with name, description, detect() and extract()`,
      );
    }
    adapters.push(candidate);
  }
  return adapters;
}

function isAdapter(value: unknown): value is Adapter {
  if (typeof value !== 'object' || value === null) return false;
  const adapter = value as Record<string, unknown>;
  return (
    typeof adapter.name === 'string' &&
    typeof adapter.description === 'string' &&
    typeof adapter.detect === 'function' &&
    typeof adapter.extract === 'function'
  );
}
