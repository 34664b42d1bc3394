import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, ipcChannel, type OffprintApi } from '../../shared/api';
import { callApi } from '../bridge';

/**
 * Wires every method of the contract to an IPC handler: sender check, then the generic bridge
 * (schema parse, call, typed error). Channel names come from the contract, never typed by hand.
 */
export function registerIpc(service: OffprintApi, appOrigin: string): void {
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel(method), async (event: IpcMainInvokeEvent, args: unknown) => {
      if (!isTrustedSender(event, appOrigin)) {
        return { ok: false, error: { code: 'invalid-argument', message: 'Refused a call from outside the app.' } };
      }
      return callApi(service, method, args);
    });
  }
}

/** Only the app's own top-level page may call the library. */
function isTrustedSender(event: IpcMainInvokeEvent, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  try {
    return new URL(frame.url).origin === appOrigin;
  } catch {
    return false;
  }
}
