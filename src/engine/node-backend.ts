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
