import { AppError, ErrorCode } from '../../errors'
import { LIVE_FORMAT, LIVE_FORMAT_VERSION, LIVE_MAX_BYTES, LiveDeployment } from './live-data'

/** Product of a Registrar or Edge service by its Get-CsService `Version` number. */
export const PRODUCT_BY_VERSION: Readonly<Record<number, string>> = {
  5: 'Lync Server 2010',
  6: 'Lync Server 2013',
  7: 'Skype for Business Server 2015',
  8: 'Skype for Business Server 2019',
}

/** Lync Server 2013 and Skype for Business Server 2015 run the XMPP gateway; 2019 does not. */
export const isLegacyVersion = (v: number | null): boolean => v === 6 || v === 7

const invalid = (message: string): AppError => new AppError(ErrorCode.LiveDataInvalid, message)

/**
 * Reads a collector output file. Every refusal is LIVE_DATA_INVALID with a sentence that says
 * what the file is and what to do; nothing is written before this succeeds.
 */
export function parseLiveData(text: string): LiveDeployment {
  if (text.length > LIVE_MAX_BYTES) throw invalid(`The file is ${Math.round(text.length / 1e6)} MB: a deployment read by the collector is far smaller. Choose the file xgw-deployment.json that the collector wrote.`)
  const trimmed = text.replace(/^\uFEFF/, '').trim()
  if (!trimmed) throw invalid('The file is empty. Run the collector script again and choose the file it wrote.')
  let raw: unknown
  try {
    raw = JSON.parse(trimmed)
  } catch (e) {
    const cut = trimmed.startsWith('{') && !trimmed.endsWith('}')
    throw invalid(
      cut
        ? 'The file ends in the middle: it was cut off (copied before the collector finished, or truncated in transfer). Run the collector again and copy the whole file.'
        : `The file is not JSON (${(e as Error).message}). Choose the file the collector script wrote, unchanged.`,
    )
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('The file is JSON but not a deployment read: it has no format field. Choose the file the collector script wrote.')
  const o = raw as Record<string, unknown>
  if (o.format !== LIVE_FORMAT) {
    throw invalid(
      `This file was not written by the wizard's collector script (format ${JSON.stringify(o.format ?? null)}, expected "${LIVE_FORMAT}"). Export the collector with "Read from my deployment…" or xgw collect-script and run it on a Front End server.`,
    )
  }
  if (typeof o.formatVersion === 'number' && o.formatVersion > LIVE_FORMAT_VERSION) {
    throw invalid(`The file was written by a newer collector (format version ${o.formatVersion}); this version of the wizard reads version ${LIVE_FORMAT_VERSION}. Update the wizard, or run the collector this version exports.`)
  }
  const parsed = LiveDeployment.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const where = issue.path.join('.') || '(top level)'
    throw invalid(`The file does not match what the collector writes (hand-edited?): ${where}: ${issue.message}. Run the collector again rather than editing its output.`)
  }
  return parsed.data
}

/**
 * Refuses a read with no legacy pool: XMPP lives only on a Lync Server 2013 or Skype for Business
 * Server 2015 pool and Edge, so a deployment of 2019 pools has nothing the wizard can configure.
 */
export function assertLegacyDeployment(live: LiveDeployment): void {
  const versions = [...live.pools.map((p) => p.version), ...live.edgePools.map((e) => e.version)].filter((v): v is number => v !== null)
  const legacy = versions.some(isLegacyVersion)
  if (!legacy && versions.length > 0 && versions.every((v) => v === 8)) {
    throw invalid(
      'Every pool in this deployment is Skype for Business Server 2019. XMPP federation runs only on a legacy Skype for Business Server 2015 or Lync Server 2013 Front End pool and Edge, which this deployment no longer has; nothing was imported.',
    )
  }
}
