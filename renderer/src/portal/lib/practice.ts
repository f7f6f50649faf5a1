/** What the server wrote into the page about the practice (Settings → Practice); empty when not set. */
function fromPage(name: string): string | null {
  const content = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.trim()
  return content ? content : null
}

export const practice = {
  /** The practice's name, as clients know it. */
  name: fromPage('practice-name'),
  /** The practice's phone number, for clients to call. */
  phone: fromPage('practice-phone'),
}

/** The portal's name: the practice's, else plain "Client portal". */
export const portalName = practice.name ?? 'Client portal'

/** A tel: link for the practice's phone (digits and a leading + only). */
export const phoneLink = (phone: string): string => `tel:${phone.replace(/[^\d+]/g, '')}`
