const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Go's `strconv.ParseBool`, which controllers written in Go apply to booleans they read as text
 * (ingress-nginx annotations, Traefik labels and file-provider values through traefik/paerser):
 * `undefined` for a spelling it refuses with an error (`yes`, `on`, ` true`).
 */
export function goParseBool(text: string): boolean | undefined {
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  return undefined;
}
