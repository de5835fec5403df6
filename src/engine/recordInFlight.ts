/**
 * At most one record readback kept in flight while training goes on (when no controller needs
 * the record at once, see `canDeferRecords`): an awaited readback would leave the device idle
 * while the next steps are queued. The record is handed on before the next record step, at a
 * pause and at the end of a run, so its verdict lands at a fixed step whatever the readback's
 * timing. The worker's Session and the benchmark's loop share it, so the bench times what the
 * lab does.
 */
import type { StepRecord } from './trainer';

export class RecordInFlight {
  private readback: Promise<StepRecord> | null = null;

  /** `handle` takes each record in step order; false stops the run (it diverged). */
  constructor(private readonly handle: (rec: StepRecord) => boolean) {}

  /** A record step's readback: kept in flight when `defer`, else handled now. False: stop. */
  async take(readback: Promise<StepRecord>, defer: boolean): Promise<boolean> {
    if (!defer) return this.handle(await readback);
    readback.catch(() => {}); // awaited by settle; no unhandled-rejection report in between
    this.readback = readback;
    return true;
  }

  /** Waits for the record in flight, if any, and hands it on. False: stop. */
  async settle(): Promise<boolean> {
    const readback = this.readback;
    if (!readback) return true;
    this.readback = null;
    return this.handle(await readback);
  }

  /** Drops the record in flight (its trainer is being replaced). */
  clear(): void {
    this.readback = null;
  }
}
