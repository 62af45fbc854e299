import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import AppIcon, { iconFor } from '../../../renderer/src/components/AppIcon.vue'
import FieldMessages from '../../../renderer/src/components/fields/FieldMessages.vue'

describe('AppIcon', () => {
  it('draws an inline SVG in the text colour, hidden from assistive technology', () => {
    for (const name of ['check', 'error', 'warning', 'info', 'blocked', 'pending', 'current', 'partial'] as const) {
      const svg = mount(AppIcon, { props: { name } }).get('svg')
      expect(svg.attributes()).toMatchObject({ 'aria-hidden': 'true', focusable: 'false', stroke: 'currentColor' })
      expect(svg.get('path').attributes('d')).toMatch(/^M[\d.]/)
    }
  })

  it("fills the step list's current (whole) and incomplete (half) dots, and nothing else", () => {
    const filled = (name: 'current' | 'partial' | 'pending') =>
      mount(AppIcon, { props: { name } })
        .findAll('path[fill="currentColor"]')
        .map((p) => p.attributes('d'))
    expect(filled('current')).toEqual(['M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13z'])
    expect(filled('partial')).toEqual(['M8 1.5a6.5 6.5 0 0 0 0 13z'])
    expect(filled('pending')).toEqual([])
  })

  it('maps severities and verdicts to icons', () => {
    expect(['error', 'fail', 'warning', 'warn', 'pass', 'notice'].map(iconFor)).toEqual(['error', 'error', 'warning', 'warning', 'check', 'info'])
  })

  it('replaces the Unicode symbols in a field message', () => {
    const w = mount(FieldMessages, { props: { id: 'm', findings: [{ severity: 'warning', code: 'X', message: 'Check this.' }] as never } })
    expect(w.find('svg.msg-icon').exists()).toBe(true)
    expect(w.text()).toBe('warning: Check this.')
    expect(w.html()).not.toMatch(/[⚠✖✓ℹ]/)
  })
})
