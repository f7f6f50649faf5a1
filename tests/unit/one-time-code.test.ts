import { describe, expect, test } from 'vitest'
import { hashOneTimeCode, newOneTimeCode } from '../../electron/main/services/one-time-code'

describe('one-time codes', () => {
  test('are three groups of four unambiguous characters, and differ each time', () => {
    const codes = new Set(Array.from({ length: 500 }, () => newOneTimeCode()))
    expect(codes.size).toBe(500)
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$/)
  })

  test('hash the same however the client types them, and never contain the code', () => {
    const code = newOneTimeCode()
    const hash = hashOneTimeCode(code)
    expect(hashOneTimeCode(code.toLowerCase().replace(/-/g, ' '))).toBe(hash)
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hash).not.toContain(code.replace(/-/g, ''))
    expect(hashOneTimeCode(newOneTimeCode())).not.toBe(hash)
  })
})
