import type { Located, Tri } from '@corsguard/core';
import { get, isMap, str, tri } from '../document/access.js';
import type { DocNode } from '../document/node.js';

const FILTER_CONFIG_TYPE = /envoy\.config\.route\.v3\.FilterConfig$/;

/** What a route, virtual host or route configuration gives one HTTP filter in its `typed_per_filter_config`. */
export interface PerFilterConfig {
  /** The filter's own per-route config, unwrapped from a `FilterConfig`. */
  config: DocNode;
  /** A `FilterConfig` wrapper's `disabled`; undefined for a config written without the wrapper. */
  disabled: Located<Tri> | undefined;
}

/**
 * The `typed_per_filter_config` entry an owner gives the filter named one of `names`, or whose config
 * has a type `configType` matches (Envoy keys the map by filter name; a `@type` says the rest). A
 * `envoy.config.route.v3.FilterConfig` wraps the config and can disable the filter for the owner's
 * requests (Envoy docs, "FilterConfig"). Undefined when the owner gives the filter nothing.
 */
export function perFilterConfig(owner: DocNode, names: ReadonlySet<string>, configType: RegExp): PerFilterConfig | undefined {
  const perFilter = get(owner, 'typed_per_filter_config');
  if (!isMap(perFilter)) return undefined;
  for (const entry of perFilter.entries) {
    const type = str(get(entry.value, '@type')) ?? '';
    if (!names.has(String(entry.key.value)) && !configType.test(type)) continue;
    if (!FILTER_CONFIG_TYPE.test(type)) return { config: entry.value, disabled: undefined };
    return { config: get(entry.value, 'config') ?? entry.value, disabled: tri(get(entry.value, 'disabled'), false, entry.value.loc) };
  }
  return undefined;
}

export function isFilterConfig(config: DocNode | undefined): boolean {
  return FILTER_CONFIG_TYPE.test(str(get(config, '@type')) ?? '');
}
