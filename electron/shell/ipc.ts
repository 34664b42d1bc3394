import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, ipcChannel, type OffprintApi } from '../../shared/api';
import { callApi } from '../bridge';
import { type AppAddress, isTrustedSender } from './decisions/app-address';

/**
 * Wires every method of the contract to an IPC handler: sender check, then the generic bridge
 * (schema parse, call, typed error). Channel names come from the contract, never typed by hand.
 */
export function registerIpc(service: OffprintApi, app: AppAddress): void {
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel(method), async (event: IpcMainInvokeEvent, args: unknown) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame, frame !== null && frame === event.sender.mainFrame, app)) {
        return { ok: false, error: { code: 'invalid-argument', message: 'Refused a call from outside the app.' } };
      }
      return callApi(service, method, args);
    });
  }
}
