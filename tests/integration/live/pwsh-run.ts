import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { findPowerShell } from '../../helpers/pwsh'

export const SFB_MODEL = resolve(__dirname, '../../powershell/SfbModel/SfbModel.psm1')

export interface PwshResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs a command in pwsh with the cmdlet model imported; state and call log in the given files. */
export function runWithModel(command: string, env: { state: string; log: string; cwd: string }): Promise<PwshResult> {
  const script = `$ErrorActionPreference = 'Stop'; Import-Module '${SFB_MODEL.replace(/'/g, "''")}'; ${command}`
  return new Promise((res) => {
    execFile(
      findPowerShell(),
      ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script],
      {
        cwd: env.cwd,
        env: { ...process.env, SFB_MODEL_STATE: env.state, SFB_MODEL_LOG: env.log },
        timeout: 120_000,
        maxBuffer: 8 * 1024 * 1024,
      },
      (err, stdout, stderr) => res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    )
  })
}
