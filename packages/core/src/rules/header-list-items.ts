import type { HeaderList, LocatedString } from '../model.js';

/**
 * The names one list item holds. Formats that join list items with "," into the header (Traefik, Kong,
 * a JS array passed to expressjs/cors) make `"GET, PUT"` in one item mean two names, so rules split
 * items the way the header will be read; empty pieces are dropped, as header parsing drops them.
 */
export function namesIn(item: LocatedString): string[] {
  // Most items hold one name: no array of pieces to build and filter for them.
  if (!item.value.includes(',')) {
    const name = item.value.trim();
    return name === '' ? [] : [name];
  }
  return item.value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** Every name a list holds, or undefined when the list is not a list the linter can read. */
export function listNames(list: HeaderList | undefined): string[] | undefined {
  return list?.kind === 'list' ? list.items.flatMap(namesIn) : undefined;
}
