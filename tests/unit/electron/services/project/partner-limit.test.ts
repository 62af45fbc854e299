/**
 * The documented partner limit (issue 12): 5,000 partners import, one more is LIMIT_EXCEEDED
 * with the count and the limit in the message (never "invalid" or "damaged"), for the export
 * file format and for bare project data alike.
 */
import { describe, expect, it } from 'vitest'
import { parseProjectFile } from '../../../../../electron/services/project/project-service'
import { MAX_PARTNERS } from '../../../../../shared/domain/model/partners'
import { ProjectData } from '../../../../../shared/domain/model/project'
import { AppError, ErrorCode } from '../../../../../shared/errors'
import { manyPartners, projectWithPartners } from '../../../../helpers/many-partners'

const asFile = (n: number) => JSON.stringify({ format: 'xgw-project', schemaVersion: 3, name: 'Many', exportedAt: '2026-01-01T00:00:00.000Z', data: projectWithPartners(n) })

function code(f: () => unknown): { code: string; message: string } | null {
  try {
    f()
    return null
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return { code: (e as AppError).code, message: (e as AppError).message }
  }
}

describe('partner limit', () => {
  it('is 5,000', () => {
    expect(MAX_PARTNERS).toBe(5000)
  })

  it('imports a project with exactly 5,000 partners', () => {
    const r = parseProjectFile(asFile(5000))
    expect(r.data.partners.partners).toHaveLength(5000)
    expect(r.data.partners.partners[4999]!.domain).toBe('partner-04999.example.net')
  })

  it('refuses 5,001 with LIMIT_EXCEEDED, the count and the limit', () => {
    const e = code(() => parseProjectFile(asFile(5001)))
    expect(e?.code).toBe(ErrorCode.LimitExceeded)
    expect(e?.message).toContain('5001')
    expect(e?.message).toContain('at most 5000')
    expect(e?.message).not.toMatch(/damaged|invalid/i)
  })

  it('refuses bare project data over the limit the same way', () => {
    const bare = JSON.stringify(projectWithPartners(5001))
    expect(code(() => parseProjectFile(bare))?.code).toBe(ErrorCode.LimitExceeded)
  })

  it('the schema names the limit too (what a save checks)', () => {
    const p = projectWithPartners(1)
    const r = ProjectData.safeParse({ ...p, partners: { partners: manyPartners(5001) } })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.message).toContain('at most 5000')
  })
})
