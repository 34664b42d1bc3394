import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_EVENTS, API_METHODS, ipcChannel, ipcEventChannel, type OffprintApi, type OffprintEventSource } from '../../shared/api';
import { callApi } from '../bridge';
import { type AppAddress, isTrustedSender } from './decisions/app-address';

/**
 * Wires every method of the contract to an IPC handler (sender check, then the generic bridge:
 * schema parse, call, typed error), and every event of the contract to a channel the app's own top
 * frame is sent on. Channel names come from the contract, never typed by hand. Returns the function
 * that stops forwarding the events.
 */
export function registerIpc(service: OffprintApi & OffprintEventSource, app: AppAddress): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel(method), async (event: IpcMainInvokeEvent, args: unknown) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame, frame !== null && frame === event.sender.mainFrame, app)) {
        return { ok: false, error: { code: 'invalid-argument', message: 'Refused a call from outside the app.' } };
      }
      return callApi(service, method, args);
    });
  }
  const stops = API_EVENTS.map((name) => service.subscribe(name, (payload) => sendToAppFrames(ipcEventChannel(name), payload, app)));
  return () => stops.forEach((stop) => stop());
}

/**
 * Sends an event to the top frame of every window that is showing the app's index, checked as a
 * caller would be: a window that navigated elsewhere, a subframe, or any other page gets nothing.
 */
function sendToAppFrames(channel: string, payload: unknown, app: AppAddress): void {
  for (const window of BrowserWindow.getAllWindows()) {
    const contents = window.webContents;
    if (window.isDestroyed() || contents.isDestroyed()) continue;
    const frame = contents.mainFrame;
    if (isTrustedSender(frame, true, app)) frame.send(channel, payload);
  }
}
