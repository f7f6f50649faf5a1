import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Renderer and shared code never reach the database or Electron directly: only through window.api. */
const noPrivilegedImports = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'electron', message: 'The renderer and shared/ talk to main only through window.api.' },
        { name: 'better-sqlite3', message: 'Only db/ opens the database.' },
        { name: 'pg', message: 'Only db/ opens the database.' },
        { name: 'kysely', message: 'Only db/ queries the database.' },
      ],
      patterns: [
        { group: ['**/db', '**/db/**'], message: 'Only main reaches db/.' },
        { group: ['**/electron/**'], message: 'Renderer and shared code cannot import main-process code.' },
        { group: ['node:*'], message: 'Renderer and shared code run without Node.' },
      ],
    },
  ],
}

/**
 * Main-process code works through db/ and never knows the engine: no driver, no engine error codes
 * (db/dialect/faults.ts classifies them). ../shared/STYLE.md, "One data seam".
 */
const onlyDbKnowsTheEngine = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'better-sqlite3', message: 'Only db/ knows the engine: ask db/ (a repository, or the DatabaseStore).' },
        { name: 'pg', message: 'Only db/ knows the engine: ask db/ (a repository, or the DatabaseStore).' },
      ],
    },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: 'Literal[value=/SQLITE_/]', message: 'Only db/ reads engine error codes: use databaseFault() from db/dialect/faults.' },
    { selector: 'TemplateElement[value.raw=/SQLITE_/]', message: 'Only db/ reads engine error codes: use databaseFault() from db/dialect/faults.' },
  ],
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Playwright fixtures declare their dependencies with an object pattern, even an empty one.
    files: ['tests/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // Migrations are frozen in time and written against Kysely<any>, as Kysely recommends.
    files: ['db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['electron/**/*.ts', 'build/web-host/**/*.ts'],
    rules: onlyDbKnowsTheEngine,
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: noPrivilegedImports,
  },
  {
    files: ['build/web-host/bridge.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
)
