import type { PracticeCounts } from '../../../../shared/practice-database'

const ROWS: [keyof PracticeCounts, string][] = [
  ['clients', 'Clients'],
  ['portalAccounts', 'Portal accounts'],
  ['invites', 'Portal invites'],
  ['passwordResets', 'Password resets'],
  ['portalSessions', 'Portal sessions'],
  ['staff', 'Staff accounts'],
  ['settings', 'Settings'],
  ['auditEvents', 'Audit events'],
  ['signInThrottles', 'Sign-in limits'],
]

/** What a move copied: each kind of record, on this computer before and on the server after. */
export function PracticeCountsTable({ before, after }: { before: PracticeCounts; after: PracticeCounts }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>Records moved</caption>
        <thead>
          <tr>
            <th scope="col">Records</th>
            <th scope="col">On this computer</th>
            <th scope="col">On the server</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td>{before[key].toLocaleString()}</td>
              <td>{after[key].toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
