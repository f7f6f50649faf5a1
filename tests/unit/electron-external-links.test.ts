import { describe, expect, test } from 'vitest'
import { EXTERNAL_HTTPS_HOSTS, isAllowedExternal } from '../../electron/main/external-links'

describe('links handed to the system browser', () => {
  test.each([
    'https://github.com/portico/portico/releases',
    'https://docs.github.com/en',
    'https://www.electronjs.org/docs',
    'mailto:frontdesk@example.org',
    'mailto:first.last%2Btag@example.co.uk',
  ])('allowed: %s', (url) => {
    expect(isAllowedExternal(url)).toBe(true)
  })

  test.each([
    ['plain http', 'http://github.com/'],
    ['javascript', 'javascript:alert(1)'],
    ['file', 'file:///etc/passwd'],
    ['smb share', 'smb://server/share'],
    ['a UNC-ish file link', 'file://server/share/x.exe'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['another host', 'https://example.com/'],
    ['a look-alike host', 'https://github.com.evil.example/'],
    ['a host ending in the name', 'https://evilgithub.com/'],
    ['credentials in the URL', 'https://github.com@evil.example/'],
    ['user and password', 'https://user:pw@github.com/'],
    ['an odd port', 'https://github.com:8443/'],
    ['mailto with headers', 'mailto:someone@example.org?attach=/etc/passwd'],
    ['mailto with cc', 'mailto:a@example.org?cc=b@example.org'],
    ['mailto with two addresses', 'mailto:a@example.org,b@example.org'],
    ['mailto without an address', 'mailto:'],
    ['not a URL', 'github.com'],
    ['empty', ''],
  ])('refused: %s', (_what, url) => {
    expect(isAllowedExternal(url)).toBe(false)
  })

  test('the allowlist is short and https hosts only', () => {
    expect(EXTERNAL_HTTPS_HOSTS.length).toBeLessThanOrEqual(5)
    for (const host of EXTERNAL_HTTPS_HOSTS) expect(host).toMatch(/^[a-z0-9.-]+\.[a-z]{2,}$/)
  })
})
