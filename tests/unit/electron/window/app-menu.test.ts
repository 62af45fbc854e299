import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { applicationMenuTemplate, contextMenuTemplate } from '../../../../electron/window/app-menu'
import type { AppCommand } from '../../../../shared/ui/app-commands'

function build(isDev: boolean, platform: NodeJS.Platform = 'win32') {
  const sent: AppCommand[] = []
  let opened = 0
  const template = applicationMenuTemplate({ send: (c) => sent.push(c), openProject: () => opened++ }, { isDev, platform })
  return { template, sent, opened: () => opened }
}
const sub = (m: MenuItemConstructorOptions) => (m.submenu ?? []) as MenuItemConstructorOptions[]
/** Every item, depth first, with the labels of its parents. */
function flatten(items: MenuItemConstructorOptions[], path: string[] = []): { path: string[]; item: MenuItemConstructorOptions }[] {
  return items.flatMap((item) => {
    const here = [...path, String(item.label ?? item.role ?? item.type)]
    return [{ path: here, item }, ...flatten(sub(item), here)]
  })
}
const plain = (label: unknown) => String(label).replace(/&/g, '')

describe('application menu', () => {
  it('has File, Edit, View and Help with the Windows items and accelerators', () => {
    const { template } = build(false)
    expect(template.map((m) => plain(m.label))).toEqual(['File', 'Edit', 'View', 'Help'])
    const [file, edit, view, help] = template as [MenuItemConstructorOptions, MenuItemConstructorOptions, MenuItemConstructorOptions, MenuItemConstructorOptions]
    expect(
      sub(file)
        .filter((i) => i.type !== 'separator')
        .map((i) => [plain(i.label), i.accelerator ?? null]),
    ).toEqual([
      ['New project', 'CmdOrCtrl+N'],
      ['Open/Import project…', 'CmdOrCtrl+O'],
      ['Export project…', 'CmdOrCtrl+Shift+E'],
      ['Save export folder…', 'CmdOrCtrl+S'],
      ['Exit', null],
    ])
    expect(sub(file).at(-1)!.role).toBe('quit')
    expect(
      sub(edit)
        .filter((i) => i.type !== 'separator')
        .map((i) => i.role),
    ).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
    expect(sub(view).map((i) => i.role ?? plain(i.label ?? i.type))).toEqual(['Theme', 'separator', 'resetZoom', 'zoomIn', 'zoomOut'])
    expect(
      sub(help)
        .filter((i) => i.type !== 'separator')
        .map((i) => [plain(i.label), i.accelerator ?? null]),
    ).toEqual([
      ['Microsoft sources for this step', 'F1'],
      ['Open log folder', null],
      ['Copy diagnostics', null],
      ['About XMPP Gateway Wizard', null],
    ])
  })

  it('has no Reload or developer tools in the installed app, and has them in development', () => {
    const roles = (dev: boolean) => flatten(build(dev).template).map((x) => String(x.item.role ?? ''))
    for (const r of ['reload', 'forceReload', 'toggleDevTools']) {
      expect(roles(false)).not.toContain(r)
      expect(roles(true)).toContain(r)
    }
    // No accelerator of the installed app opens the tools either (Ctrl+Shift+I, F12 are Chromium's defaults).
    expect(
      flatten(build(false).template)
        .map((x) => x.item.accelerator)
        .filter(Boolean),
    ).not.toEqual(expect.arrayContaining(['F12', 'CmdOrCtrl+Shift+I', 'CmdOrCtrl+R', 'F5']))
  })

  it('sends each renderer command by name and opens projects in the main process', () => {
    const { template, sent, opened } = build(false)
    for (const { item } of flatten(template)) (item.click as (() => void) | undefined)?.()
    expect(sent).toEqual(['new-project', 'export-project', 'save-export', 'theme-system', 'theme-light', 'theme-dark', 'help-sources', 'open-log-folder', 'copy-diagnostics', 'about'])
    expect(opened()).toBe(1)
  })

  it('gives every top-level menu and item a distinct Alt access key', () => {
    const { template } = build(false)
    const keys = (items: MenuItemConstructorOptions[]) => items.filter((i) => i.label).map((i) => /&(.)/.exec(String(i.label))?.[1]?.toLowerCase())
    for (const list of [template, ...template.map(sub)]) {
      const k = keys(list)
      expect(k.every(Boolean)).toBe(true)
      expect(new Set(k).size).toBe(k.length)
    }
  })

  it('starts with the app menu on macOS and closes the window there instead of Exit', () => {
    const { template } = build(false, 'darwin')
    expect(template[0]!.role).toBe('appMenu')
    expect(sub(template[1]!).at(-1)!.role).toBe('close')
  })
})

describe('context menu', () => {
  const flags = { canCut: true, canCopy: true, canPaste: true, canSelectAll: true }
  it('offers Cut, Copy, Paste, Select all on a text field, enabled as Chromium says', () => {
    const items = contextMenuTemplate({ isEditable: true, selectionText: '', editFlags: { ...flags, canCut: false, canCopy: false } })
    expect(items.filter((i) => i.type !== 'separator').map((i) => [i.role, i.enabled])).toEqual([
      ['cut', false],
      ['copy', false],
      ['paste', true],
      ['selectAll', true],
    ])
  })
  it('offers Copy on selected read-only text and nothing on bare page', () => {
    expect(contextMenuTemplate({ isEditable: false, selectionText: 'sip.contoso.com', editFlags: flags }).map((i) => i.role)).toEqual(['copy'])
    expect(contextMenuTemplate({ isEditable: false, selectionText: '', editFlags: flags })).toEqual([])
  })
})
