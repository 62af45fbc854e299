/** Builds line-oriented text with indentation; writers return logical text joined with LF. */
export class TextBuilder {
  private readonly lines: string[] = []
  private depth = 0

  constructor(private readonly unit = '    ') {}

  /** Appends lines at the current indentation; an empty string appends an empty line. */
  line(...texts: string[]): this {
    for (const t of texts) this.lines.push(t === '' ? '' : this.unit.repeat(this.depth) + t)
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
    this.depth++
    try {
      body()
    } finally {
      this.depth--
    }
    return this
  }

  /** The text with LF line endings and one final newline. */
  toString(): string {
    const out = [...this.lines]
    while (out.length > 0 && out[out.length - 1] === '') out.pop()
    return `${out.join('\n')}\n`
  }
}
