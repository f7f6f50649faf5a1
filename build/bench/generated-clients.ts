/**
 * A realistic import file of `count` clients, as CSV: a quoted value with a comma in every tenth
 * row, a non-ASCII name in every row, phones as staff type them and one client in seven inactive.
 * Shared by the import benchmark and the import's own 100,000-row test, so both time the same file.
 */
export function generatedClientsCsv(count: number): string {
  const lines = ['first_name,last_name,preferred_name,date_of_birth,email,phone,status']
  for (let i = 0; i < count; i++) {
    const month = String((i % 12) + 1).padStart(2, '0')
    const day = String((i % 28) + 1).padStart(2, '0')
    const preferred = i % 10 === 0 ? `"Zo, ${i}"` : ''
    lines.push(`Zoë${i},Ångström,${preferred},19${50 + (i % 50)}-${month}-${day},client${i}@example.com,(555) ${String(i).padStart(7, '0')},${i % 7 ? '' : 'inactive'}`)
  }
  return `${lines.join('\n')}\n`
}
