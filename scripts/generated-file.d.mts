/** `src` formatted as Prettier formats `target`. */
export function formatAs(target: string, src: string): Promise<string>
/** Writes `target` (or checks it, with --check) when `scriptUrl` is the script node runs. */
export function runGenerator(scriptUrl: string, target: string, render: () => Promise<string>): Promise<void>
