/**
 * Offsets to 1-based line and column, for every parser the CLI uses, so YAML, JSON, comments and
 * code frames agree on positions. A line break is `\n`, `\r\n` or a lone `\r` (YAML and JSON both
 * accept all three). Columns count UTF-16 code units, as ESLint does, so a tab is one column.
 */
export class LineIndex {
  /** Offset at which each line starts; `starts[0]` is 0. */
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    if (!text.includes('\r')) {
      // The common case, found with the native search: only `\n` ends lines.
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
      this.starts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) starts.push(i + 1);
      else if (code === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line of the last lookup: parsers ask in source order, so the next answer is usually on it or just after. */
  private hint = 0;

  /** 1-based line of an offset (clamped to the text). */
  lineOf(offset: number): number {
    const starts = this.starts;
    const hint = this.hint;
    if ((starts[hint] as number) <= offset) {
      for (let line = hint; line < hint + 8; line++) {
        const next = starts[line + 1];
        if (next === undefined || offset < next) {
          this.hint = line;
          return line + 1;
        }
      }
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    this.hint = low;
    return low + 1;
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, column: clamped - (this.starts[line - 1] as number) + 1 };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length) - 1)] as number;
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    if (line < 1 || line > this.starts.length) return '';
    const start = this.starts[line - 1] as number;
    const next = line < this.starts.length ? (this.starts[line] as number) : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}
