import type { Plugin } from 'vite'
/** The package folder of a module id (up to node_modules/<name> or node_modules/@scope/name), or null. */
export function packageDirOf(id: string): string | null
/** Records the npm packages a build bundled as <outDir>/.bundled-packages-<name>.json. */
export function bundledPackages(name: string): Plugin
