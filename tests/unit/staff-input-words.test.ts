import { expect, test } from 'vitest'
import { NewStaffInput } from '../../shared/staff-input'

const nameProblem = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.find((issue) => issue.path.includes('displayName'))?.message

/** Issue 13: first-run setup asks for "Your name", so its message can't speak of "them". */
test('an empty name gets words that fit both your own name at setup and a colleague’s', () => {
  const message = nameProblem(NewStaffInput.safeParse({ username: 'alex', displayName: ' ', role: 'admin', password: 'granite-orchard-lantern-42' }))
  expect(message).toBe('Enter a name, as colleagues should see it.')
  expect(message).not.toMatch(/\bthem\b/)
})
