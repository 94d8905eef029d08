/** Electron preload (sandboxed, bundled into one CommonJS file): exposes the WardTwin bridge only. */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './bridge';

exposeBridge(contextBridge, ipcRenderer);
