import '../lib/zod-without-eval'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { PortalApp } from './PortalApp'
import { csrfToken } from './lib/portal-client'
import { RouterProvider } from './lib/router'
import { SessionProvider } from './lib/session'
import './styles/base.css'
import './styles/layout.css'
import './styles/forms.css'
import './styles/menus.css'
import './styles/profile.css'

const root = document.getElementById('root')
if (!root) throw new Error('Portico client portal: #root is missing from portal.html.')

// Fetched now so the first form submit does not wait for it; a failure is retried at that submit.
csrfToken().catch(() => undefined)

createRoot(root).render(
  <StrictMode>
    <RouterProvider>
      <SessionProvider>
        <PortalApp />
      </SessionProvider>
    </RouterProvider>
  </StrictMode>,
)
