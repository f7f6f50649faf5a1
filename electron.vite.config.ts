import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/**
 * Folders follow the design card (electron/, renderer/) rather than electron-vite's src/ defaults.
 * Main is bundled with its dependencies external (better-sqlite3 is native); the sandboxed preload
 * is a single CommonJS file with nothing external but electron.
 */
export default defineConfig({
  main: {
    build: {
      lib: { entry: resolve(__dirname, 'electron/main/index.ts') },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      lib: { entry: resolve(__dirname, 'electron/preload/index.ts') },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      // electron-vite leaves the renderer unminified; the portal goes to phones over the network.
      minify: !process.env['PORTICO_NO_MINIFY'],
      rolldownOptions: {
        // Two entries, one toolchain: the desk, and the client portal that main serves over HTTP.
        input: { index: resolve(__dirname, 'renderer/index.html'), portal: resolve(__dirname, 'renderer/portal.html') },
      },
    },
  },
})
