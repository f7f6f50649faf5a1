/**
 * Runs inside the desk page (installed with `addInitScript`, so before the renderer and the host's
 * bridge). Kept as a string so the Node-side tsconfig needs no DOM types.
 *
 * "Painted" means: the DOM change was observed (MutationObserver), then the next animation frame ran
 * and the task queued from that frame ran, i.e. the frame carrying the change has been produced
 * (`afterPaint`). The classic double requestAnimationFrame time is recorded beside it (`doubleRaf`);
 * it lands one frame later at most.
 *
 * Start times are the input event's own `timeStamp` (keydown for typing, click for clicks), which is
 * on the same clock as `performance.now()` (navigation start = 0).
 */
export const PAGE_SCRIPT = String.raw`
(() => {
  if (window.__bench) return
  const api = []
  const realFetch = window.fetch.bind(window)
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input.url
    const match = /\/api\/([A-Za-z]+)/.exec(url)
    const entry = { channel: match ? match[1] : url, start: performance.now(), end: null, body: null }
    try { entry.body = init && typeof init.body === 'string' ? JSON.parse(init.body) : null } catch { entry.body = null }
    api.push(entry)
    if (api.length > 2000) api.splice(0, 1000)
    const done = () => { entry.end = performance.now() }
    const p = realFetch(input, init)
    p.then(done, done)
    return p
  }

  const afterPaint = () => new Promise((resolve) => {
    const out = { afterPaint: 0, doubleRaf: 0 }
    let left = 2
    const settle = () => { if (--left === 0) resolve(out) }
    requestAnimationFrame(() => {
      const ch = new MessageChannel()
      ch.port1.onmessage = () => { out.afterPaint = performance.now(); settle() }
      ch.port2.postMessage(0)
      requestAnimationFrame(() => { out.doubleRaf = performance.now(); settle() })
    })
  })

  const list = () => document.querySelector('ul[aria-label="Clients"]')
  const search = () => document.querySelector('input[type="search"]')

  // Page load: sign-in form painted, sign-in submitted, first client painted in the list.
  const load = { signInFormPainted: null, signInSubmit: null, firstListItemPainted: null, firstListDoubleRaf: null }
  document.addEventListener('submit', (e) => { if (load.signInSubmit === null && document.querySelector('input[type="password"]')) load.signInSubmit = e.timeStamp }, true)
  const loadObserver = new MutationObserver(() => {
    if (load.signInFormPainted === null && document.querySelector('input[type="password"]')) {
      load.signInFormPainted = -1
      afterPaint().then((t) => { load.signInFormPainted = t.afterPaint })
    }
    const l = list()
    if (l && l.querySelector('li') && load.firstListItemPainted === null) {
      load.firstListItemPainted = -1
      loadObserver.disconnect()
      afterPaint().then((t) => { load.firstListItemPainted = t.afterPaint; load.firstListDoubleRaf = t.doubleRaf })
    }
  })
  loadObserver.observe(document, { childList: true, subtree: true })

  // One armed measurement at a time (a keystroke or a click).
  let armed = null
  document.addEventListener('keydown', (e) => {
    if (armed && armed.kind === 'key' && armed.t0 === null && e.target === search()) armed.t0 = e.timeStamp
  }, true)
  document.addEventListener('click', (e) => {
    const l = list()
    if (armed && armed.kind === 'click' && armed.t0 === null && l && l.contains(e.target)) armed.t0 = e.timeStamp
  }, true)

  const answered = (channel, after, test) => api.find((a) => a.channel === channel && a.start >= after && a.end !== null && test(a.body || {}))

  const check = () => {
    if (!armed || armed.t0 === null || armed.finishing) return
    if (armed.kind === 'key') {
      const l = list()
      const input = search()
      if (!l || !input || l.getAttribute('aria-busy') === 'true' || input.value !== armed.text) return
      const req = answered('listClients', armed.t0, (b) => b.query === armed.text.trim())
      if (!req) return
      armed.request = req
    } else {
      const pane = document.querySelector('section[aria-label="Client profile"]')
      const heading = document.querySelector('h2.profile-name')
      if (!pane || pane.getAttribute('aria-busy') === 'true' || !heading || heading.textContent !== armed.name) return
      if (!document.getElementById('portal-access-heading')) return
      const req = answered('getClient', armed.t0, () => true)
      if (!req) return
      armed.request = req
    }
    armed.finishing = true
    armed.domAt = performance.now()
    const m = armed
    afterPaint().then((t) => {
      m.resolve({
        t0: m.t0,
        paint: t.afterPaint - m.t0,
        doubleRaf: t.doubleRaf - m.t0,
        requestStartToPaint: t.afterPaint - m.request.start,
        waitBeforeRequest: m.request.start - m.t0,
        request: m.request.end - m.request.start,
        responseToPaint: t.afterPaint - m.request.end,
        responseToDom: m.domAt - m.request.end,
        domToPaint: t.afterPaint - m.domAt,
        items: list() ? list().querySelectorAll('li').length : 0,
      })
    })
    armed = null
  }
  const observer = new MutationObserver(check)
  const observe = () => observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true })

  const arm = (m) => new Promise((resolve, reject) => {
    if (armed) { reject(new Error('already armed')); return }
    armed = { ...m, t0: null, finishing: false, resolve }
    observe()
    // The answer may need no further DOM change after the request settles: poll lightly as well.
    const poll = setInterval(() => { if (armed && armed.resolve === resolve) check(); else clearInterval(poll) }, 5)
    setTimeout(() => { if (armed && armed.resolve === resolve) { armed = null; clearInterval(poll); reject(new Error('timed out: ' + JSON.stringify(m))) } }, 60000)
  })

  let pending = null
  window.__bench = {
    load,
    api,
    armKey(text) { pending = arm({ kind: 'key', text }); pending.catch(() => undefined); return true },
    armClick(index) {
      const li = list().querySelectorAll('li')[index]
      const name = li.querySelector('.client-item-name').textContent
      pending = arm({ kind: 'click', name }); pending.catch(() => undefined)
      return name
    },
    result() { return pending },
    // mode 'wheel': step px per frame, turning at the ends; 'drag': the scroll bar from top to bottom
    // in ms, like dragging its thumb (every frame lands among rows not read yet).
    scroll(ms, step, mode) {
      const l = list()
      let el = l.parentElement
      while (el && !(el.scrollHeight > el.clientHeight && /auto|scroll/.test(getComputedStyle(el).overflowY))) el = el.parentElement
      if (!el) return Promise.resolve({ error: 'no scrollable container around the client list' })
      el.scrollTop = 0
      const frames = []
      let pendingFrames = 0
      const viewTop = () => el.getBoundingClientRect().top
      const pendingInView = () => {
        const top = viewTop(), bottom = top + el.clientHeight
        for (const p of l.querySelectorAll('.client-item-pending')) {
          const r = p.getBoundingClientRect()
          if (r.bottom > top && r.top < bottom) return true
        }
        return false
      }
      let dir = 1
      let turns = 0
      return new Promise((resolve) => {
        let last = null
        let start = null
        const tick = (ts) => {
          if (last !== null) { frames.push(ts - last); if (pendingInView()) pendingFrames++ }
          if (start === null) start = ts
          last = ts
          if (ts - start >= ms) {
            resolve({ frames, pendingFrames, items: l.querySelectorAll('li').length, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight, turns, container: el.className, mode })
            return
          }
          const max = el.scrollHeight - el.clientHeight
          if (mode === 'drag') {
            el.scrollTop = Math.min(max, Math.round((max * (ts - start)) / ms))
            requestAnimationFrame(tick)
            return
          }
          let next = el.scrollTop + dir * step
          if (next >= max || next <= 0) { dir = -dir; turns++; next = Math.max(0, Math.min(max, next)) }
          el.scrollTop = next
          requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      })
    },
    memory() { return performance.memory ? performance.memory.usedJSHeapSize : null },
  }
})()
`
