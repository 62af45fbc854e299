/** Builds line-oriented text with indentation; writers return logical text joined with LF. */
export class TextBuilder {
  private readonly lines: string[] = []
  private depth = 0
  /** The indentation string for the current depth, kept rather than rebuilt for every line. */
  private pad = ''

  constructor(private readonly unit = '    ') {}

  /** Appends lines at the current indentation; an empty string appends an empty line. */
  line(...texts: string[]): this {
    for (const t of texts) this.lines.push(t === '' || this.pad === '' ? t : this.pad + t)
    return this
  }

  /** Appends lines verbatim at column 0 (a here-string's terminator must start its line). */
  raw(...texts: string[]): this {
    this.lines.push(...texts)
    return this
  }

  /** One empty line, never two in a row. */
  blank(): this {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('')
    return this
  }

  /** Runs `body` one level deeper. */
  indent(body: () => void): this {
    this.pad = this.unit.repeat(++this.depth)
    try {
      body()
    } finally {
      this.pad = this.unit.repeat(--this.depth)
    }
    return this
  }

  /** The text with LF line endings and one final newline. */
  toString(): string {
    // Joined in place (no copy): a script for 5,000 partners has some 200,000 lines.
    let end = this.lines.length
    while (end > 0 && this.lines[end - 1] === '') end--
    if (end === this.lines.length) return `${this.lines.join('\n')}\n`
    return `${this.lines.slice(0, end).join('\n')}\n`
  }
}
