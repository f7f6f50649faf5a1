/** What a personal word is, so a refusal can say in plain words what the password was built from. */
export type PersonalKind = 'name' | 'birth-date' | 'email' | 'phone' | 'username' | 'practice' | 'theme'

export interface PersonalWord {
  word: string
  kind: PersonalKind
}

/** Everything the practice holds about the person choosing the password. Every field is optional. */
export interface PersonalFacts {
  firstName?: string | null
  lastName?: string | null
  preferredName?: string | null
  /** A staff member's display name ("Maria Lopez"). */
  displayName?: string | null
  /** ISO `YYYY-MM-DD`. */
  dateOfBirth?: string | null
  email?: string | null
  phone?: string | null
  username?: string | null
  practiceName?: string | null
}

/**
 * Words anyone guessing a password for this practice tries first, whoever the person is: the
 * product's name, the setting, greetings and the calendar (`Welcome2024!!`, `Summer2025!!!`).
 */
const THEMES = [
  'portico', 'portal', 'client', 'clients', 'therapy', 'therapist', 'health', 'clinic', 'practice', 'welcome',
  'spring', 'summer', 'autumn', 'fall', 'winter', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
  'october', 'november', 'december',
]

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2)

function nameWords(name: string): string[] {
  const parts = words(name)
  return [...parts, parts.join(''), parts.join(' ')]
}

/** A date of birth as people write it: the year, and day and month both ways round, with and without separators. */
function birthDateWords(iso: string): string[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!match) return []
  const [, y, m, d] = match as unknown as [string, string, string, string]
  const yy = y.slice(2)
  const [mm, dd] = [String(Number(m)), String(Number(d))]
  return [y, `${y}${m}${d}`, `${d}${m}${y}`, `${m}${d}${y}`, `${d}${m}${yy}`, `${m}${d}${yy}`, `${d}${m}`, `${m}${d}`, `${d}/${m}/${y}`, `${m}/${d}/${y}`, `${dd}/${mm}/${y}`, `${mm}/${dd}/${y}`, `${d}.${m}.${y}`, iso]
}

function emailWords(email: string): string[] {
  const lower = email.toLowerCase().trim()
  const [local = '', domain = ''] = lower.split('@')
  return [lower, local, ...words(local), domain.split('.')[0] ?? ''].filter((w) => w.length >= 2)
}

/** The phone as typed, its digits whole and as the last 10, 7 and 4 (the parts people reuse), and its common layouts. */
function phoneWords(phone: string): string[] {
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 4) return []
  const ten = digits.slice(-10)
  const formatted = ten.length === 10 ? [`(${ten.slice(0, 3)}) ${ten.slice(3, 6)}-${ten.slice(6)}`, `${ten.slice(0, 3)}-${ten.slice(3, 6)}-${ten.slice(6)}`, `${ten.slice(0, 3)} ${ten.slice(3, 6)} ${ten.slice(6)}`, `${ten.slice(0, 3)}.${ten.slice(3, 6)}.${ten.slice(6)}`, `${ten.slice(3, 6)}-${ten.slice(6)}`] : []
  return [phone.toLowerCase().trim(), digits, ten, digits.slice(-7), digits.slice(-4), ...formatted]
}

/** Every personal word for zxcvbn-ts, each with what it is; duplicates and one-letter words left out. */
export function personalWords(facts: PersonalFacts): PersonalWord[] {
  const found = new Map<string, PersonalKind>()
  const add = (kind: PersonalKind, list: string[]) => {
    for (const word of list) if (word.length >= 2 && !found.has(word)) found.set(word, kind)
  }
  for (const name of [facts.firstName, facts.lastName, facts.preferredName, facts.displayName]) if (name) add('name', nameWords(name))
  if (facts.firstName && facts.lastName) add('name', [`${facts.firstName}${facts.lastName}`.toLowerCase(), `${facts.lastName}${facts.firstName}`.toLowerCase()])
  if (facts.dateOfBirth) add('birth-date', birthDateWords(facts.dateOfBirth))
  if (facts.email) add('email', emailWords(facts.email))
  if (facts.phone) add('phone', phoneWords(facts.phone))
  if (facts.username) add('username', [facts.username.toLowerCase(), ...words(facts.username)])
  if (facts.practiceName) add('practice', nameWords(facts.practiceName))
  add('theme', THEMES)
  return [...found].map(([word, kind]) => ({ word, kind }))
}

const KIND_WORDS: Record<PersonalKind, string> = {
  name: 'a name',
  'birth-date': 'a date of birth',
  email: 'an email address',
  phone: 'a phone number',
  username: 'the username',
  practice: 'the practice’s name',
  theme: 'a word people often put in passwords (like a season, a month, “welcome” or “portico”)',
}

/** "your name and date of birth": the kinds of personal word found, in plain words. */
export function describeKinds(kinds: PersonalKind[]): string {
  const unique = [...new Set(kinds)].map((k) => KIND_WORDS[k])
  if (unique.length <= 1) return unique[0] ?? ''
  return `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`
}
