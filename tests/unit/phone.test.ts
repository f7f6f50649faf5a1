import { describe, expect, it } from 'vitest'
import { formatPhone, normalisePhone, phoneDigitKeys, phoneMessage, unreadablePhoneMessage } from '../../shared/phone'

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

  it('refuses a number of the right shape that isn’t one of the country’s, asking for its country code', () => {
    expect(normalisePhone('(555) 236-4843', 'US')).toEqual({ ok: false, message: unreadablePhoneMessage('US') })
    expect(unreadablePhoneMessage('US')).toBe(
      'This isn’t a phone number we can read for the United States. Check the digits, or type it with its country code, for example +44 20 7946 0958.',
    )
    expect(normalisePhone('+44 20 7946 0958', 'US')).toEqual({ ok: true, stored: '+442079460958' })
  })

  it('shows a United States number in its national format and a British one internationally', () => {
    expect(formatPhone('+12025550143', 'US')).toBe('(202) 555-0143')
    expect(formatPhone('+442079460958', 'US')).toBe('+44 20 7946 0958')
  })

  it('reads every way of typing a number, whole or begun, to a key its stored digits start with', () => {
    for (const typed of ways) expect(phoneDigitKeys(typed, 'NZ')).toContain('64215550199')
    for (const typed of ['(202) 555-0143', '202-555-0143', '+1 202 555 0143', '2025550143', '1 202 555 0143']) {
      expect(phoneDigitKeys(typed, 'US')).toContain('12025550143')
    }
    expect(phoneDigitKeys('(202) 555', 'US')).toContain('1202555')
    expect(phoneDigitKeys('021 555', 'NZ')).toContain('6421555')
    // A number an older Portico kept as typed ("(555) 236-4843": digits 5552364843) is found from its country code too.
    expect(phoneDigitKeys('+1 555 236 4843', 'US')).toContain('5552364843')
  })
})
