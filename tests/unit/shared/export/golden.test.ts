import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EXPORT_FILE_NAMES, buildExportBundle } from '../../../../shared/export/export-bundle'
import { parseExistingConfig } from '../../../../shared/export/existing-config'
import { SAMPLE_APP_VERSION, SAMPLE_GENERATED_AT, largeProject, smallProject } from '../../../helpers/sample-projects'

// Golden files pin every exported byte of the sample projects. Refresh after a deliberate
// change with: UPDATE_GOLDEN=1 npx vitest run tests/unit/shared/export/golden.test.ts
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden')
const update = process.env.UPDATE_GOLDEN === '1'

const existing = parseExistingConfig({
  policiesJson: JSON.stringify([
    { Identity: 'Global', EnableFederationAccess: true, EnableXmppAccess: false },
    { Identity: 'Tag:XmppFederatedUsers', Description: 'old', EnableFederationAccess: true, EnableXmppAccess: false, EnableOutsideAccess: false },
  ]),
  partnersJson: JSON.stringify({
    Identity: 'fabrikam.com',
    PartnerType: 'PublicUnverified',
    TlsNegotiation: 'Required',
    SaslNegotiation: 'Required',
    SupportDialbackNegotiation: true,
    EnableKeepAlive: true,
    AdditionalDomains: ['old.fabrikam.com'],
  }),
}).existing

// The large project holds a site policy and a user policy, so it covers both scopes (it replaced
// a separate large-site set when a project could hold only one policy).
const cases = [
  { name: 'small', project: smallProject(), existing: null },
  { name: 'large', project: largeProject(), existing },
]

describe('golden export files', () => {
  for (const c of cases) {
    const bundle = buildExportBundle(c.project, { generatedAt: SAMPLE_GENERATED_AT, appVersion: SAMPLE_APP_VERSION, existing: c.existing })

    it(`${c.name}: has no blocking finding and every file`, () => {
      expect(bundle.blocking).toEqual([])
      expect(bundle.files.map((f) => f.fileName)).toEqual([...EXPORT_FILE_NAMES])
    })

    for (const f of bundle.files) {
      it(`${c.name}/${f.fileName} matches its golden file`, () => {
        const path = join(GOLDEN, c.name, f.fileName)
        if (update) {
          mkdirSync(dirname(path), { recursive: true })
          writeFileSync(path, f.content, 'utf8')
        }
        // A missing golden file is a failure, not a new baseline: goldens change only on request.
        expect(existsSync(path), `${path} is missing; run with UPDATE_GOLDEN=1 to create it`).toBe(true)
        expect(f.content).toBe(readFileSync(path, 'utf8'))
      })
    }
  }
})
