// The browser host's stand-in for Electron's preload: the same `window.api` (one named method per
// channel, each resolving to the result envelope), carried over HTTP to the real dispatcher.
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? ''
const token = meta('portico-host-token')
const channels = JSON.parse(meta('portico-channels') || '[]')

async function call(channel, input) {
  try {
    const response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-portico-host-token': token },
      body: JSON.stringify(input === undefined ? null : input),
    })
    return await response.json()
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'Portico could not reach its database. Is the host still running?' } }
  }
}

window.api = Object.freeze(Object.fromEntries(channels.map((channel) => [channel, (input) => call(channel, input)])))
