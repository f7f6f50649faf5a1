import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'

/**
 * Brotli and gzip copies of the built scripts and styles, made once at build time at the highest
 * levels, which the portal's static server sends to browsers that take them (preCompressed).
 */
function precompressAssets(): Plugin {
  return {
    name: 'portico-precompress-assets',
    apply: 'build',
    writeBundle(options) {
      const assets = join(options.dir ?? '', 'assets')
      for (const name of readdirSync(assets).filter((file) => /\.(js|css)$/.test(file))) {
        const bytes = readFileSync(join(assets, name))
        if (bytes.length < 1024) continue
        writeFileSync(join(assets, `${name}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
        writeFileSync(join(assets, `${name}.gz`), gzipSync(bytes, { level: 9 }))
      }
    },
  }
}

/**
 * Folders follow the design card (electron/, renderer/) rather than electron-vite's src/ defaults.
 * Main is bundled with its dependencies external (better-sqlite3 is native); the sandboxed preload
 * is a single CommonJS file with nothing external but electron.
 */
export default defineConfig({
  main: {
    // Only the release workflow's smoke-test build sets PORTICO_SMOKE_BUILD=1: that build may be
    // started with --remote-debugging-port; every other packaged build refuses (launch-guard.ts).
    define: { __PORTICO_ALLOW_DEBUG_SWITCHES__: JSON.stringify(process.env['PORTICO_SMOKE_BUILD'] === '1') },
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
    plugins: [react(), precompressAssets()],
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
