import { describe, expect, it } from 'vitest'
import { formatPhone, normalisePhone, phoneMessage, phoneSearchKey } from '../../shared/phone'

describe('Phone numbers in one format for the practice’s country', () => {
  const ways = ['021 555 0199', '0215550199', '+64 21 555 0199', '+64215550199', '(021) 555-0199']

  it('stores every way of typing a New Zealand number as the same E.164 number', () => {
    for (const typed of ways) expect(normalisePhone(typed, 'NZ')).toEqual({ ok: true, stored: '+64215550199' })
  })

  it('shows numbers in the practice’s country nationally and others internationally', () => {
    expect(formatPhone('+64215550199', 'NZ')).toBe('021 555 0199')
    expect(formatPhone('+12025550143', 'NZ')).toBe('+1 202 555 0143')
    expect(formatPhone('+64215550199', '')).toBe('+64 21 555 0199')
  })

  it('keeps a number it can’t read as it was', () => {
    expect(formatPhone('555 0199 ext 4', 'NZ')).toBe('555 0199 ext 4')
  })

  it('refuses something that isn’t a number, in plain words with an example for the country', () => {
    expect(normalisePhone('12345', 'NZ')).toEqual({ ok: false, message: phoneMessage('NZ') })
    expect(phoneMessage('NZ')).toMatch(/^Enter a phone number like 0\d[\d ]+, or leave it empty\.$/)
    expect(normalisePhone('call me', '').ok).toBe(false)
  })

  it('with no country set, normalises +country numbers and keeps national numbers as typed', () => {
    expect(normalisePhone('+64 21 555 0199', '')).toEqual({ ok: true, stored: '+64215550199' })
    expect(normalisePhone('021 555 0199', '')).toEqual({ ok: true, stored: '021 555 0199' })
  })

  it('gives every way of typing the same search key', () => {
    const keys = new Set(ways.map((w) => phoneSearchKey(w, 'NZ')))
    expect([...keys]).toEqual(['+64215550199'])
  })
})
