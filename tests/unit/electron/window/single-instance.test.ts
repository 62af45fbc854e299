import type { App } from 'electron'
import { describe, expect, it } from 'vitest'
import { focusWindow, setupSingleInstance } from '../../../../electron/window/single-instance'

// The real app object needs the Electron binary (toolchain.md P5), so this glue is tested against a
// hand-written stand-in that records every call.
function fakeApp(hasLock: boolean) {
  const calls: string[] = []
  const listeners = new Map<string, (...args: unknown[]) => void>()
  const app = {
    requestSingleInstanceLock: () => {
      calls.push('requestSingleInstanceLock')
      return hasLock
    },
    on: (event: string, listener: (...args: unknown[]) => void) => {
      calls.push(`on:${event}`)
      listeners.set(event, listener)
      return app
    },
    quit: () => {
      calls.push('quit')
    },
  }
  // `on` is heavily overloaded in Electron's typings; the stand-in implements the one form used.
  return { app: app as unknown as Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>, calls, listeners }
}

describe('setupSingleInstance', () => {
  it('first instance: takes the lock, listens for second launches, does not quit', () => {
    const { app, calls, listeners } = fakeApp(true)
    let focused = 0
    expect(setupSingleInstance(app, () => focused++)).toBe(true)
    expect(calls).toEqual(['requestSingleInstanceLock', 'on:second-instance'])
    expect(focused).toBe(0)

    // Electron passes (event, argv, workingDirectory, additionalData)
    listeners.get('second-instance')!({}, ['xgw.exe', 'C:\\evil.xgwproj'], 'C:\\', {})
    listeners.get('second-instance')!({}, ['xgw.exe'], 'C:\\', {})
    expect(focused).toBe(2)
    expect(calls).not.toContain('quit')
  })

  it('second instance: quits and registers nothing', () => {
    const { app, calls, listeners } = fakeApp(false)
    let focused = 0
    expect(setupSingleInstance(app, () => focused++)).toBe(false)
    expect(calls).toEqual(['requestSingleInstanceLock', 'quit'])
    expect(listeners.size).toBe(0)
    expect(focused).toBe(0)
  })
})

function fakeWindow(state: { destroyed?: boolean; minimized?: boolean; visible?: boolean }) {
  const calls: string[] = []
  const win = {
    isDestroyed: () => (calls.push('isDestroyed'), state.destroyed ?? false),
    isMinimized: () => (calls.push('isMinimized'), state.minimized ?? false),
    restore: () => void calls.push('restore'),
    isVisible: () => (calls.push('isVisible'), state.visible ?? true),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
  }
  return { win, calls }
}

describe('focusWindow', () => {
  it('restores a minimised window before focusing it', () => {
    const { win, calls } = fakeWindow({ minimized: true })
    focusWindow(win)
    expect(calls).toEqual(['isDestroyed', 'isMinimized', 'restore', 'isVisible', 'focus'])
  })

  it('shows a hidden window before focusing it', () => {
    const { win, calls } = fakeWindow({ visible: false })
    focusWindow(win)
    expect(calls).toEqual(['isDestroyed', 'isMinimized', 'isVisible', 'show', 'focus'])
  })

  it('only focuses a normal window', () => {
    const { win, calls } = fakeWindow({})
    focusWindow(win)
    expect(calls).toEqual(['isDestroyed', 'isMinimized', 'isVisible', 'focus'])
  })

  it('ignores a destroyed or missing window', () => {
    const { win, calls } = fakeWindow({ destroyed: true, minimized: true })
    focusWindow(win)
    expect(calls).toEqual(['isDestroyed'])
    expect(() => focusWindow(null)).not.toThrow()
    expect(() => focusWindow(undefined)).not.toThrow()
  })
})
