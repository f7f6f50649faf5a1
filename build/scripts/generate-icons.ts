// npm run icons: every platform's icon from the one source, build/icon.svg.
// The output in build/icons/ is committed, so packaging never needs this step; run it again after
// changing the SVG. electron-builder reads icon.icns (macOS), icon.ico (Windows) and the NxN.png
// set (Linux) from there (see electron-builder.yml).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'
import * as png2icons from 'png2icons'

const buildDir = dirname(dirname(fileURLToPath(import.meta.url)))
const source = join(buildDir, 'icon.svg')
const outDir = join(buildDir, 'icons')

/** Linux wants a PNG per size (hicolor theme sizes); 1024 also feeds the .icns and .ico below. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const

/** Rasterises the SVG at `size` pixels square, straight from the vector (no rescaling of a bitmap). */
export function renderPng(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng())
}

function main(): void {
  const svg = readFileSync(source, 'utf8')
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })

  for (const size of LINUX_SIZES) {
    writeFileSync(join(outDir, `${size}x${size}.png`), renderPng(svg, size))
  }

  const master = renderPng(svg, 1024)
  const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0)
  // PNG-compressed entries, laid out as a Windows executable's resource expects.
  const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, true, true)
  if (!icns || !ico) throw new Error('png2icons could not convert the 1024 px master')
  writeFileSync(join(outDir, 'icon.icns'), icns)
  writeFileSync(join(outDir, 'icon.ico'), ico)

  console.log(`Icons written to build/icons/: ${LINUX_SIZES.map((s) => `${s}x${s}.png`).join(', ')}, icon.icns, icon.ico`)
}

main()
