import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, ipcChannel, type OffprintBridge } from '../../shared/api';

// `window.offprint`: one function per contract method, each a single ipcRenderer.invoke. Nothing else
// of Electron or Node reaches the page.
const bridge = Object.fromEntries(
  API_METHODS.map((method) => [method, (args: unknown) => ipcRenderer.invoke(ipcChannel(method), args)]),
) as OffprintBridge;

contextBridge.exposeInMainWorld('offprint', bridge);
