import { Behaviour } from '../behaviour';
import { ExportJobs } from '../export/jobs';
import { Paginator } from '../pagination';
import { EmulatorState } from '../state';
import { Body } from '../validation';

export interface OperationContext {
  readonly state: EmulatorState;
  readonly paginator: Paginator;
  readonly consistencyDelayMs: number;
  /** The answers where the service is undocumented. */
  readonly behaviour: Behaviour;
  /** The region the request was signed for (used in ARNs). */
  readonly region: string;
  /** Mailbox export jobs. */
  readonly exports: ExportJobs;
  /** Epoch milliseconds, from the emulator's clock. */
  now(): number;
}

export type OperationOutput = Record<string, unknown>;
export type Operation = (ctx: OperationContext, body: Body) => OperationOutput;
