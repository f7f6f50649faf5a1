import { vi } from 'vitest'
import { describeBirthDatesIn } from '../support/birth-date-zone'

// Before any date is computed: this file's process runs where the desk is, fourteen hours ahead of UTC.
vi.hoisted(() => {
  process.env['TZ'] = 'Pacific/Kiritimati'
})

// 01:00 on 11 May at the desk, still 10 May in UTC: today's date was refused as "in the future".
describeBirthDatesIn({
  zone: 'Pacific/Kiritimati',
  at: '2026-05-10T11:00:00Z',
  offsetMinutes: -14 * 60,
  localToday: '2026-05-11',
  localTomorrow: '2026-05-12',
  portal: true,
})
