/** Backend set-up for Node (CLI and tests): the pure-JS cpu backend or WASM. */
import * as tf from '@tensorflow/tfjs';

export type NodeBackend = 'cpu' | 'wasm';

export async function useNodeBackend(name: NodeBackend): Promise<void> {
  // Silences the "use tfjs-node" banner; tfjs-node cannot be installed here anyway.
  tf.env().set('PROD', true);
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(name))) throw new Error(`backend "${name}" could not be initialized`);
  await tf.ready();
}

/** `auto`: WASM when it starts, else cpu (with a note through `say`). Returns the backend in use. */
export async function startBackend(name: NodeBackend | 'auto', say: (line: string) => void): Promise<NodeBackend> {
  if (name !== 'auto') {
    await useNodeBackend(name);
    return name;
  }
  try {
    await useNodeBackend('wasm');
    return 'wasm';
  } catch (err) {
    say(`note: the wasm backend did not start (${(err as Error).message}); using cpu`);
    await useNodeBackend('cpu');
    return 'cpu';
  }
}
