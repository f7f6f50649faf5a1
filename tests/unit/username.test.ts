import { describe, expect, test } from 'vitest'
import { canonicalUsername, usernameKey, usernameProblem } from '../../shared/username'

describe('portal usernames', () => {
  test('are unique regardless of case', () => {
    expect(usernameKey('JoeFake')).toBe(usernameKey('joefake'))
  })

  test('full-width and ligature look-alikes fold to the same key after NFKC', () => {
    expect(usernameKey('ｊｏｅｆａｋｅ')).toBe('joefake')
    expect(usernameKey('ﬁona')).toBe(usernameKey('FIONA'))
    expect(canonicalUsername('ｊｏｅ．ｆａｋｅ')).toBe('joe.fake')
  })

  test('letters from other scripts that only look Latin are refused, not silently accepted', () => {
    // Cyrillic "а" and "е" in "jоеfаke" look like joefake when read aloud at the desk.
    expect(usernameProblem('j\u043e\u0435f\u0430ke')).toMatch(/letters a–z \(no accents\), digits/)
  })

  test('length is 3 to 64 characters and only letters, digits and . _ - @ are allowed', () => {
    expect(usernameProblem('jo')).toMatch(/3 to 64/)
    expect(usernameProblem('a'.repeat(65))).toMatch(/3 to 64/)
    expect(usernameProblem('a'.repeat(64))).toBeNull()
    expect(usernameProblem('joe fake')).toMatch(/letters a–z \(no accents\), digits/)
    expect(usernameProblem('joe.fake_1-x@clinic')).toBeNull()
  })

  test('a refused accent is named as the reason: the rule says letters a–z, not just "letters" (issue 13: josé)', () => {
    expect(usernameProblem('josé')).toBe('Use only letters a–z (no accents), digits and . _ - @ in a username.')
  })
})
