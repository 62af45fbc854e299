import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'

/** The one sentence a machine without PowerShell gets (the engine tests fail, never skip). */
export const PWSH_MISSING =
  'PowerShell is needed for the engine tests and was not found: install it with `dotnet tool install --global PowerShell --version 7.6.10` and add ~/.dotnet/tools to PATH (on Windows, pwsh or Windows PowerShell 5.1 is already there).'

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const ext of process.platform === 'win32' ? ['.exe', ''] : ['']) {
      const candidate = join(dir, name + ext)
      if (existsSync(candidate)) return candidate
    }
  }
  return null
}

let found: string | null | undefined

/**
 * `pwsh` on PATH, then the dotnet global tool (~/.dotnet/tools/pwsh), then Windows PowerShell
 * (`powershell.exe`). Throws PWSH_MISSING when none exists.
 */
export function findPowerShell(): string {
  if (found === undefined) {
    const tool = join(homedir(), '.dotnet', 'tools', process.platform === 'win32' ? 'pwsh.exe' : 'pwsh')
    found = onPath('pwsh') ?? (existsSync(tool) ? tool : null) ?? onPath('powershell')
  }
  if (!found) throw new Error(PWSH_MISSING)
  return found
}

/** Runs a .ps1 file in a fresh, non-interactive engine without profiles. */
export function runPowerShellFile(file: string, args: readonly string[] = [], env: Record<string, string> = {}, timeoutMs = 240_000) {
  const res = spawnSync(findPowerShell(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', file, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  })
  return { status: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '', error: res.error }
}
