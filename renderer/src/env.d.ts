/// <reference types="vite/client" />
import type { Bridge } from '../../shared/client'

declare global {
  interface Window {
    /** Present only inside Electron: the preload's one-function-per-route bridge. */
    xgw?: Bridge
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
export {}
