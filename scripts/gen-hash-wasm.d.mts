/** Where the generated module is written. */
export const TARGET: string
/** The WebAssembly text the module is assembled from. */
export const WAT: string
/** The module's bytes, assembled by wabt. */
export function assemble(): Promise<Buffer>
/** The generated module's text, formatted with the project's Prettier settings. */
export function render(): Promise<string>
