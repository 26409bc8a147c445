/// <reference lib="webworker" />
import { openDatabase } from '../../db';
import { serveSaves } from './remote-saver';

/** A pack import's saver, off the reader page's thread (remote-saver.ts). */
serveSaves(self as unknown as DedicatedWorkerGlobalScope, () => openDatabase());
