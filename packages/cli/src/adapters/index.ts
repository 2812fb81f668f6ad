import type { Adapter } from './adapter.js';
import { cloudAdapters } from './cloud.js';
import { gatewayAdapters } from './gateways.js';

/** Every adapter that ships with corsguard, in the order they are offered each document. */
export const builtinAdapters: readonly Adapter[] = [...cloudAdapters, ...gatewayAdapters];
