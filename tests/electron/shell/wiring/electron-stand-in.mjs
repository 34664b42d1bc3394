// A recording stand-in for the `electron` module, for the wiring test: no window, no binary. Every
// call the built main process makes is written to `log`; the driver plays Electron's part (ready,
// IPC calls, navigation, quitting) through `control`.
import { EventEmitter } from 'node:events';

export const log = [];
const record = (what, detail = {}) => log.push({ what, ...detail });

let markReady;
const ready = new Promise((resolve) => (markReady = resolve));
let windowMade;
const firstWindow = new Promise((resolve) => (windowMade = resolve));
let quitFinished;
const quitDone = new Promise((resolve) => (quitFinished = resolve));

export const control = {
  ready() {
    record('ready');
    markReady();
  },
  firstWindow,
  quitDone,
  protocolHandlers: new Map(),
  ipcHandlers: new Map(),
  windows: [],
  /** Every message main sent to a frame: which window's top frame, the channel, the payload. */
  sent: [],
  /** The button the next message box answers with (-1: closed without a choice). */
  messageBoxResponse: -1,
};

class App extends EventEmitter {
  isPackaged = false;
  #paths = { userData: process.env.WIRING_USER_DATA };
  setName(name) {
    record('app.setName', { name });
  }
  enableSandbox() {
    record('app.enableSandbox');
  }
  getPath(name) {
    return this.#paths[name];
  }
  setPath(name, path) {
    record('app.setPath', { name, path });
    this.#paths[name] = path;
  }
  whenReady() {
    return ready;
  }
  requestSingleInstanceLock(additionalData) {
    record('app.requestSingleInstanceLock', { userData: this.#paths.userData, additionalData });
    return true;
  }
  quit() {
    record('app.quit');
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    this.emit('before-quit', event);
    if (event.defaultPrevented) return record('before-quit prevented');
    this.emit('will-quit', { preventDefault() {} });
    record('will-quit');
    quitFinished();
  }
  exit(code) {
    record('app.exit', { code });
  }
}
export const app = new App();

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record('protocol.registerSchemesAsPrivileged', { schemes });
  },
  handle(scheme, handler) {
    record('protocol.handle', { scheme });
    control.protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel, handler) {
    control.ipcHandlers.set(channel, handler);
  },
};

const defaultSession = new EventEmitter();
defaultSession.setPermissionRequestHandler = () => record('session.setPermissionRequestHandler');
defaultSession.setPermissionCheckHandler = () => record('session.setPermissionCheckHandler');
export const session = { defaultSession };

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return control.windows;
  }
  constructor(options) {
    super();
    record('new BrowserWindow', { webPreferences: options.webPreferences });
    this.webContents = new EventEmitter();
    const window = control.windows.length;
    this.webContents.mainFrame = { url: '', parent: null, send: (channel, payload) => control.sent.push({ window, channel, payload }) };
    this.webContents.isDestroyed = () => false;
    // Anything but a frame's own send would reach every frame of the page: recorded so a test can see it is never used.
    this.webContents.send = (channel) => record('webContents.send', { channel });
    this.webContents.setWindowOpenHandler = (handler) => (this.webContents.windowOpenHandler = handler);
    control.windows.push(this);
    windowMade(this);
  }
  loadURL(url) {
    record('window.loadURL', { url });
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show() {
    record('window.show');
  }
  focus() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
}

export const dialog = {
  showErrorBox(title, message) {
    record('dialog.showErrorBox', { title, message });
  },
  async showMessageBox(windowOrOptions, maybeOptions) {
    const options = maybeOptions ?? windowOrOptions;
    record('dialog.showMessageBox', { message: options.message, detail: options.detail, buttons: options.buttons, defaultId: options.defaultId, cancelId: options.cancelId });
    return { response: control.messageBoxResponse };
  },
};

export const shell = {
  async openExternal(url) {
    record('shell.openExternal', { url });
  },
};

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: () => record('Menu.setApplicationMenu'),
};

export default { app, protocol, ipcMain, session, BrowserWindow, dialog, shell, Menu };
