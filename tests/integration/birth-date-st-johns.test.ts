import { vi } from 'vitest'
import { describeBirthDatesIn } from '../support/birth-date-zone'

// Before any date is computed: this file's process runs where the desk is, in Newfoundland (UTC−2:30 in summer).
vi.hoisted(() => {
  process.env['TZ'] = 'America/St_Johns'
})

// 22:30 on 10 May at the desk, already 11 May in UTC: tomorrow's date was accepted.
describeBirthDatesIn({
  zone: 'America/St_Johns',
  at: '2026-05-11T01:00:00Z',
  offsetMinutes: 150,
  localToday: '2026-05-10',
  localTomorrow: '2026-05-11',
})
