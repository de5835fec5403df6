/** The machine the figures come from: they mean little without it. */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Machine } from './results';

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    if (pretty) return `${pretty} (${os.type()} ${os.release()})`;
  } catch {
    // Not Linux: the kernel name is all there is.
  }
  return `${os.type()} ${os.release()}`;
}

/** Browser fields are filled in once the browser has run (null until then). */
export function machineInfo(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: os.totalmem() / 2 ** 30,
    os: osName(),
    node: process.version,
    chromium: null,
    adapter: null,
    tfjs: tf.version_core,
    loadAverage: os.loadavg()[0]!,
  };
}
