import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import AppIcon, { iconFor } from '../../../renderer/src/components/AppIcon.vue'
import FieldMessages from '../../../renderer/src/components/fields/FieldMessages.vue'

describe('AppIcon', () => {
  it('draws an inline SVG in the text colour, hidden from assistive technology', () => {
    for (const name of ['check', 'error', 'warning', 'info', 'blocked', 'pending'] as const) {
      const svg = mount(AppIcon, { props: { name } }).get('svg')
      expect(svg.attributes()).toMatchObject({ 'aria-hidden': 'true', focusable: 'false', stroke: 'currentColor' })
      expect(svg.get('path').attributes('d')).toMatch(/^M[\d.]/)
    }
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
