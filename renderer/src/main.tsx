import './lib/zod-without-eval'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './features/App'
import { DeskStoreProvider } from './store'
import './styles/base.css'
import './styles/controls.css'
import './styles/layout.css'
import './styles/clients.css'
import './styles/profile.css'
import './styles/portal.css'
import './styles/settings.css'
import './styles/session.css'
import './styles/outage.css'
import './styles/print.css'

const root = document.getElementById('root')
if (!root) throw new Error('Portico: #root is missing from index.html.')

createRoot(root).render(
  <StrictMode>
    <DeskStoreProvider>
      <App />
    </DeskStoreProvider>
  </StrictMode>,
)
