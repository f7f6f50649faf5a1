import { type Socket, connect, createServer } from 'node:net'

/**
 * A stretch of network between the desk and a server on loopback that the test can cut: while cut,
 * nothing passes either way (it is held, and delivered when mended) and new connections are
 * accepted but not put through, as when a cable is pulled or a switch loses power: nothing
 * refuses, nothing answers.
 */
export interface CuttableLink {
  port: number
  cut(): void
  mend(): void
  close(): Promise<void>
}

interface Line {
  near: Socket
  far: Socket | null
  /** Held while cut, each way. */
  up: Buffer[]
  down: Buffer[]
}

export async function cuttableLink(targetPort: number): Promise<CuttableLink> {
  let isCut = false
  const lines: Line[] = []
  const putThrough = (line: Line) => {
    const far = connect(targetPort, '127.0.0.1')
    line.far = far
    far.on('data', (chunk: Buffer) => {
      if (isCut) line.down.push(chunk)
      else line.near.write(chunk)
    })
    far.on('error', () => line.near.destroy())
    far.on('close', () => line.near.destroy())
  }
  const flush = (line: Line) => {
    if (!line.far) putThrough(line)
    for (const chunk of line.up.splice(0)) line.far!.write(chunk)
    for (const chunk of line.down.splice(0)) line.near.write(chunk)
  }
  const server = createServer((near) => {
    const line: Line = { near, far: null, up: [], down: [] }
    lines.push(line)
    near.on('data', (chunk: Buffer) => {
      if (isCut || !line.far) line.up.push(chunk)
      else line.far.write(chunk)
    })
    near.on('error', () => line.far?.destroy())
    near.on('close', () => line.far?.destroy())
    if (!isCut) putThrough(line)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as { port: number }).port,
    cut: () => {
      isCut = true
    },
    mend: () => {
      isCut = false
      for (const line of lines) if (!line.near.destroyed) flush(line)
    },
    close: async () => {
      for (const line of lines) {
        line.near.destroy()
        line.far?.destroy()
      }
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
