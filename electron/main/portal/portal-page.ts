import { getSetting } from '../../../db/repositories/settings.repository'
import type { Db } from '../../../db/repositories/clients.repository'

/** Text made safe inside an HTML attribute or element. */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/**
 * The portal's page with the practice's name and phone (Settings → Practice) written in, so the
 * first paint already says whose portal it is: the tab title, and two meta tags the page reads.
 * Both are public (they are on every handout). If the database can't be read, the page goes out
 * without them rather than not at all.
 */
export async function portalPageFor(page: string, db: Db): Promise<string> {
  const [name, phone] = await Promise.all([getSetting(db, 'practice.name'), getSetting(db, 'practice.phone')]).catch(() => ['', ''])
  const meta = `<meta name="practice-name" content="${escapeHtml(name.trim())}" />\n    <meta name="practice-phone" content="${escapeHtml(phone.trim())}" />`
  const title = name.trim() ? `${escapeHtml(name.trim())} · Client portal` : 'Client portal'
  return page.replace(/<title>[^<]*<\/title>/, `<title>${title}</title>\n    ${meta}`)
}
