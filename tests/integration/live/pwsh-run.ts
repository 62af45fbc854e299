import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** pwsh: $PWSH, then ~/.dotnet/tools/pwsh (where the machine has it), then the PATH. */
export function findPwsh(): string {
  const candidates = [process.env.PWSH, join(homedir(), '.dotnet/tools/pwsh'), '/usr/bin/pwsh', '/usr/local/bin/pwsh'].filter((x): x is string => !!x)
  return candidates.find((c) => existsSync(c)) ?? 'pwsh'
}

export const SFB_MODEL = resolve(__dirname, '../../powershell/SfbModel/SfbModel.psm1')

export interface PwshResult { code: number; stdout: string; stderr: string }

/** Runs a command in pwsh with the cmdlet model imported; state and call log in the given files. */
export function runWithModel(command: string, env: { state: string; log: string; cwd: string }): Promise<PwshResult> {
  const script = `$ErrorActionPreference = 'Stop'; Import-Module '${SFB_MODEL.replace(/'/g, "''")}'; ${command}`
  return new Promise((res) => {
    execFile(findPwsh(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], {
      cwd: env.cwd, env: { ...process.env, SFB_MODEL_STATE: env.state, SFB_MODEL_LOG: env.log }, timeout: 120_000, maxBuffer: 8 * 1024 * 1024,
    }, (err, stdout, stderr) => res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }))
  })
}
