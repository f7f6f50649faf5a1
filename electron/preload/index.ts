import { contextBridge, ipcRenderer } from 'electron'
import { buildApi } from './build-api'

contextBridge.exposeInMainWorld(
  'api',
  buildApi((channel, input) => ipcRenderer.invoke(channel, input)),
)
