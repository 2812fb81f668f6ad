import type { CorsPolicy } from '@corsguard/core';
import type { ConfigDocument } from '../document/node.js';

/**
 * A format adapter: recognises one kind of config document and turns every CORS block in it into the
 * core policy model, applying the format's defaults and semantics. Adapters are pure: no I/O.
 *
 * Users can write their own and list the module in the config file's `adapters`; the module's default
 * export (or its `adapter` export) must satisfy this interface.
 */
export interface Adapter {
  /** Stable identifier, e.g. `aws-cloudformation`, shown by `--debug` and in `--print-config`. */
  name: string;
  /** One line for humans. */
  description: string;
  /** Whether this document is in the adapter's format (by apiVersion/kind, top-level keys, file name). */
  detect(doc: ConfigDocument): boolean;
  /** Every CORS configuration block in the document, as policies with positions. */
  extract(doc: ConfigDocument): CorsPolicy[];
  /**
   * Whether the format's own tools accept `//` and `/* … *\/` comments in this JSON document (Azure
   * Resource Manager templates do). Without it, comments in a recognised JSON file are reported.
   */
  acceptsJsonComments?(doc: ConfigDocument): boolean;
  /**
   * Whether the format's own tools also accept trailing commas in this JSON document (Azure Functions
   * Core Tools reads `local.settings.json` with Newtonsoft, which does). Without it, a trailing comma
   * in a recognised JSON file is reported.
   */
  acceptsJsonTrailingCommas?(doc: ConfigDocument): boolean;
}
