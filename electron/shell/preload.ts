import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, type ApiEvent, ipcChannel, ipcEventChannel, isApiEvent, type OffprintBridge } from '../../shared/api';

// `window.offprint`: one function per contract method, each a single ipcRenderer.invoke, and
// `on(event, listener)` for the contract's events, returning the unsubscribe. The listener gets
// the payload only, never the IPC event (which would reach the sender and ipcRenderer). Nothing
// else of Electron or Node reaches the page.
const methods = Object.fromEntries(API_METHODS.map((method) => [method, (args: unknown) => ipcRenderer.invoke(ipcChannel(method), args)]));

function on(event: ApiEvent, listener: (payload: unknown) => void): () => void {
  if (!isApiEvent(event) || typeof listener !== 'function') throw new TypeError(`Offprint has no event called "${String(event).slice(0, 60)}".`);
  const channel = ipcEventChannel(event);
  const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => void ipcRenderer.removeListener(channel, forward);
}

contextBridge.exposeInMainWorld('offprint', { ...methods, on } as unknown as OffprintBridge);
