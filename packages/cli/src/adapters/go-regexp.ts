/**
 * Whether Go's `regexp.Compile` refuses `source` for a repetition operator with nothing to repeat (at
 * the start, or right after `|`, or `*`/`+` right after `(`): "missing argument to repetition
 * operator", which a glob such as `*.example.com` written where a regex belongs runs into. Control
 * planes written in Go (Contour, Traefik) then refuse the whole resource. Other RE2 errors are left
 * alone, since JavaScript's engine cannot tell which syntax RE2 accepts.
 */
export function goRegexpRejects(source: string): boolean {
  let inClass = false;
  let previous = '';
  for (let index = 0; index < source.length; index++) {
    const char = source[index] ?? '';
    if (char === '\\') {
      index++;
      previous = 'escape';
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      previous = 'class';
      continue;
    }
    if (char === '[') {
      inClass = true;
      // A `]` right after `[` (or `[^`) is a literal member of the class.
      if (source[index + 1] === '^') index++;
      if (source[index + 1] === ']') index++;
      continue;
    }
    const repeats = char === '*' || char === '+' || char === '?';
    // `(?` opens a flag or named group, so only `(*` and `(+` have nothing to repeat.
    if (repeats && (previous === '' || previous === '|' || (previous === '(' && char !== '?'))) return true;
    previous = char;
  }
  return false;
}
