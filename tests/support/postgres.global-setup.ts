import type { TestProject } from 'vitest/node'
import { startTestPostgres } from './postgres-server'
import { wantedDialects } from './dialects'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The suite's PostgreSQL server (its superuser's URL), or '' when the run leaves PostgreSQL out. */
    postgresAdminUrl: string
  }
}

/**
 * One PostgreSQL server for the whole run, started before any test file and stopped after the
 * last; every test makes databases of its own on it. Not started when PORTICO_TEST_DIALECTS
 * leaves PostgreSQL out.
 */
export default async function setup(project: TestProject) {
  if (!wantedDialects().includes('postgres')) {
    project.provide('postgresAdminUrl', '')
    return
  }
  const server = await startTestPostgres()
  project.provide('postgresAdminUrl', server.adminUrl)
  return async () => server.destroy()
}
