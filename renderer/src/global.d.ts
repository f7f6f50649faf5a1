import type { PorticoApi } from '../../shared/api'

declare global {
  /** Provided by the Electron preload, or by the browser host's script loaded before the app. */
  interface Window {
    api: PorticoApi
  }
}

export {}
