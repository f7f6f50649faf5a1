import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { detectDateFormat, toIsoDate } from '../../db/import/date-formats'
import { describeProblem, parseClientsCsv } from '../../db/import/parse-clients-csv'

/** The files practices bring, made here byte by byte: no fixture copied from anywhere. */
const NAMES = [
  ['Zoë', 'O’Brien', '1985-03-14'],
  ['Thị Lan', 'Nguyễn', '1990-12-31'],
  ['小龙', '李', '2001-07-04'],
] as const
const text = (rows: string[][], delimiter = ',', eol = '\n') => rows.map((r) => r.join(delimiter)).join(eol) + eol
const standard = (delimiter = ',', eol = '\n') => text([['first_name', 'last_name', 'date_of_birth'], ...NAMES.map((r) => [...r])], delimiter, eol)
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le')
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!]
  return le
}
const read = (bytes: Buffer | string, options = {}) => parseClientsCsv(Readable.from([typeof bytes === 'string' ? Buffer.from(bytes) : bytes]), options)
const names = (parsed: Awaited<ReturnType<typeof read>>) => parsed.rows.map((r) => `${r.firstName} ${r.lastName} ${r.dateOfBirth}`)
const EXPECTED = NAMES.map((r) => r.join(' '))

describe('reading the files practices bring', () => {
  test.each([
    ['UTF-8 without a BOM', Buffer.from(standard()), 'utf-8'],
    ['UTF-8 with a BOM', Buffer.from(`\uFEFF${standard()}`), 'utf-8'],
    ['UTF-16 LE with a BOM', Buffer.from(`\uFEFF${standard()}`, 'utf16le'), 'utf-16le'],
    ['UTF-16 BE with a BOM', utf16be(`\uFEFF${standard()}`), 'utf-16be'],
  ])('%s is detected and read', async (_name, bytes, encoding) => {
    const parsed = await read(bytes)
    expect(parsed.problems).toEqual([])
    expect(parsed.encoding).toBe(encoding)
    expect(names(parsed)).toEqual(EXPECTED)
  })

  test('Windows-1252 is detected, with accents and the curly apostrophe of O’Brien', async () => {
    const latin = text([['First Name', 'Last Name', 'DOB'], ['Zoë', 'O’Brien', '1985-03-14'], ['Renée', 'Dubois', '1984-03-27']], ',', '\r\n')
    const bytes = Buffer.from(latin.replace('’', '\x92'), 'latin1')
    const parsed = await read(bytes)
    expect(parsed.encoding).toBe('windows-1252')
    expect(names(parsed)).toEqual(['Zoë O’Brien 1985-03-14', 'Renée Dubois 1984-03-27'])
  })

  test.each([['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']])('%s line endings', async (_name, eol) => {
    expect(names(await read(standard(',', eol)))).toEqual(EXPECTED)
  })

  test.each([['commas', ','], ['semicolons', ';'], ['tabs', '\t'], ['pipes', '|']])('values separated by %s', async (_name, delimiter) => {
    const parsed = await read(standard(delimiter, '\r\n'))
    expect(parsed.delimiter).toBe(delimiter)
    expect(names(parsed)).toEqual(EXPECTED)
  })

  test('a quoted value may hold the separator, quotes, and line breaks (the notes are left out)', async () => {
    const parsed = await read('first_name;last_name;date_of_birth;Notes\n"Ava; ""Jo""";Nguyen;1984-03-27;"two\nlines"\nSam;Rivera;bad;\n')
    expect(parsed.rows.map((r) => r.firstName)).toEqual(['Ava; "Jo"'])
    expect(parsed.problems.map(describeProblem)).toEqual(['line 4: Date of birth — Enter the date of birth as a real date, for example 1984-03-27.'])
  })

  test.each([
    [['First Name', 'Last Name', 'Date of Birth', 'Email', 'Mobile Phone']],
    [['Given Name', 'Surname', 'Birth Date', 'E-mail', 'Cell']],
    [['legal first name', 'FAMILY NAME', 'dob', 'Email Address', 'Home Phone']],
    [['first_name', 'last_name', 'date_of_birth', 'email', 'phone']],
  ])('header spellings %j are matched', async (header) => {
    const parsed = await read(text([header, ['Zoë', 'O’Brien', '1985-03-14', 'zoe@example.com', '(555) 010-2030']]))
    expect(parsed.problems).toEqual([])
    expect(parsed.header?.matches.map((m) => m.target)).toEqual(['firstName', 'lastName', 'dateOfBirth', 'email', 'phone'])
    expect(parsed.rows[0]).toMatchObject({ firstName: 'Zoë', lastName: 'O’Brien', dateOfBirth: '1985-03-14', email: 'zoe@example.com' })
  })

  test('a full name is split into first and last, either order; Active yes/no is the status', async () => {
    const parsed = await read(text([['Client', 'Birthday', 'Active'], ['Thị Lan Nguyễn', '1990-12-31', 'Yes'], ['"O’Brien, Zoë"', '1985-03-14', 'No']]))
    expect(parsed.rows.map((r) => [r.firstName, r.lastName, r.status])).toEqual([['Thị Lan', 'Nguyễn', 'active'], ['Zoë', 'O’Brien', 'inactive']])
  })

  test('an override matches a column the spellings don’t know, or ignores one they do', async () => {
    const file = text([['Given', 'Family', 'Born', 'Phone'], ['Zoë', 'O’Brien', '1985-03-14', 'not a phone']])
    const parsed = await read(file, { overrides: { Given: 'firstName', Family: 'lastName', Born: 'dateOfBirth', Phone: 'ignore' } })
    expect(parsed.problems).toEqual([])
    expect(parsed.rows[0]).toMatchObject({ firstName: 'Zoë', phone: null })
  })

  test('names are stored NFC-normalised, so a decomposed Zoë is the Zoë staff type', async () => {
    const parsed = await read(text([['first_name', 'last_name', 'date_of_birth'], ['Zoe\u0308', 'Nguye\u0302\u0303n', '1985-03-14']]))
    expect(parsed.rows[0]!.firstName).toBe('Zoë')
    expect(parsed.rows[0]!.lastName).toBe('Nguyễn'.normalize('NFC'))
  })
})

describe('dates of birth', () => {
  const TODAY = new Date(2026, 4, 4)
  test.each([
    ['YYYY-MM-DD', ['1985-03-14', '2001-07-04'], ['1985-03-14', '2001-07-04']],
    ['YYYY/MM/DD', ['1985/03/14', '2001/7/4'], ['1985-03-14', '2001-07-04']],
    ['MM/DD/YYYY', ['03/14/1985', '7/4/2001'], ['1985-03-14', '2001-07-04']],
    ['DD/MM/YYYY', ['14/03/1985', '4/7/2001'], ['1985-03-14', '2001-07-04']],
    ['M/D/YY', ['3/14/85', '7/4/01', '12/31/30'], ['1985-03-14', '2001-07-04', '1930-12-31']],
    ['D/M/YY', ['14/3/85', '4/7/01'], ['1985-03-14', '2001-07-04']],
    ['excel', ['31120', '37076'], ['1985-03-14', '2001-07-04']],
  ] as const)('%s is detected and read (two-digit years go to the past)', (format, values, iso) => {
    expect(detectDateFormat(values, TODAY)).toEqual({ format, ambiguity: null })
    expect(values.map((v) => toIsoDate(v, format, TODAY))).toEqual(iso)
  })

  test('a file whose every day is 12 or less is ambiguous, shown with three of its dates read both ways', () => {
    expect(detectDateFormat(['03/04/1985', '01/02/1990', '12/12/2000', '11/10/1970', '05/06/1999'], TODAY).ambiguity).toEqual({
      formats: ['MM/DD/YYYY', 'DD/MM/YYYY'],
      examples: [
        { value: '03/04/1985', readings: ['1985-03-04', '1985-04-03'] },
        { value: '01/02/1990', readings: ['1990-01-02', '1990-02-01'] },
        { value: '11/10/1970', readings: ['1970-11-10', '1970-10-11'] },
      ],
    })
  })

  test('an ambiguous file checks no row until the format is chosen', async () => {
    const file = text([['First Name', 'Last Name', 'DOB'], ['Zoë', 'O’Brien', '03/04/1985']])
    const ambiguous = await read(file)
    expect(ambiguous.rows).toEqual([])
    expect(ambiguous.dateAmbiguity?.formats).toEqual(['MM/DD/YYYY', 'DD/MM/YYYY'])
    expect(ambiguous.problems.map(describeProblem)).toEqual(['line 1: Date of birth — Every date of birth could be read month first or day first (MM/DD/YYYY or DD/MM/YYYY). Choose the dates’ format.'])
    const chosen = await read(file, { dateFormat: 'DD/MM/YYYY' })
    expect(chosen.rows[0]!.dateOfBirth).toBe('1985-04-03')
  })

  test('a date that doesn’t fit the file’s format is a problem on its line', async () => {
    const parsed = await read(text([['First Name', 'Last Name', 'DOB'], ['Zoë', 'O’Brien', '03/14/1985'], ['Sam', 'Rivera', '02/30/1990'], ['Ava', 'Nguyen', '1/1/2000']]))
    expect(parsed.dateFormat).toBe('MM/DD/YYYY')
    expect(parsed.problems.map(describeProblem)).toEqual(['line 3: Date of birth — Enter the date of birth as a real date, for example 1984-03-27.'])
  })
})
