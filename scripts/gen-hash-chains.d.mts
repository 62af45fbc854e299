/** Where the generated module is written. */
export const TARGET: string
/** The generated module's text, formatted with the project's Prettier settings. */
export function render(): Promise<string>
