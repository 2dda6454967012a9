/**
 * The local adapter of the SmsSender port: nothing reaches a real phone. Each message becomes one
 * JSON line in an outbox file (served as `GET /dev/outbox.json`) and one readable console line.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { systemClock, type Clock, type SmsMessage, type SmsSender } from '../domain/ports.ts';
import { maskPhone } from './mask.ts';

/** One line of the outbox file. `to, role, body, caseNumber, at` are the public contract. */
export interface OutboxEntry {
  readonly to: string;
  readonly role: SmsMessage['role'];
  readonly body: string;
  /** Absent for messages that belong to no case (login codes). */
  readonly caseNumber?: string;
  readonly at: string;
  /** Absent when the (simulated) provider refused the message. */
  readonly messageId?: string;
  readonly status: 'sent' | 'failed';
  /**
   * Template mode (a county on a domestic provider): what the provider would receive instead of the
   * text, the SMS type, its template code (absent when the county file lacks it) and parameters.
   */
  readonly template?: { readonly type: string; readonly code?: string; readonly params: Readonly<Record<string, string>> };
}

export interface OutboxSmsSenderOptions {
  /** Simulates a provider refusing a message: it is recorded as failed and send() rejects. */
  readonly failFor?: (message: SmsMessage) => boolean;
  /** Where the readable line goes. @default console.log */
  readonly log?: (line: string) => void;
  /** @default systemClock */
  readonly clock?: Clock;
}

/** Appends per outbox file, chained so concurrent sends in this process never interleave. */
const appendQueues = new Map<string, Promise<unknown>>();

function appendLine(file: string, line: string): Promise<void> {
  const previous = appendQueues.get(file) ?? Promise.resolve();
  const write = async () => {
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, line, 'utf8');
  };
  const next = previous.then(write, write);
  const settled = next.catch(() => undefined);
  appendQueues.set(file, settled);
  // Drop the entry once the queue is idle so the map does not grow with every file ever used.
  void settled.then(() => {
    if (appendQueues.get(file) === settled) appendQueues.delete(file);
  });
  return next;
}

export class OutboxSmsSender implements SmsSender {
  readonly #file: string;
  readonly #failFor: ((message: SmsMessage) => boolean) | undefined;
  readonly #log: (line: string) => void;
  readonly #clock: Clock;

  constructor(file: string, options: OutboxSmsSenderOptions = {}) {
    this.#file = resolve(file);
    this.#failFor = options.failFor;
    this.#log = options.log ?? ((line) => console.log(line));
    this.#clock = options.clock ?? systemClock;
  }

  get file(): string {
    return this.#file;
  }

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    const failed = this.#failFor?.(message) === true;
    const entry: OutboxEntry = {
      to: message.to,
      role: message.role,
      body: message.body,
      ...(message.caseNumber && { caseNumber: message.caseNumber }),
      at: this.#clock.now().toISOString(),
      ...(!failed && { messageId: `outbox-${randomUUID()}` }),
      status: failed ? 'failed' : 'sent',
      ...(message.template.mode === 'template' && {
        template: { type: message.template.type, ...(message.template.code && { code: message.template.code }), params: message.template.params },
      }),
    };
    await appendLine(this.#file, `${JSON.stringify(entry)}\n`);
    const caseTag = message.caseNumber ? ` [${message.caseNumber}]` : '';
    const text = message.body.replace(/\s+/g, ' ');
    const sent = entry.template ? ` ${entry.template.code ?? `(no template code for ${entry.template.type})`} ${JSON.stringify(entry.template.params)}` : '';
    this.#log(`SMS ${failed ? '✗' : '→'} ${message.role} ${maskPhone(message.to)}${caseTag} ${text}${sent}${failed ? ' (simulated failure)' : ''}`);
    if (failed || !entry.messageId) {
      throw new Error(`outbox: simulated provider failure for the ${message.role} SMS${message.caseNumber ? ` for ${message.caseNumber}` : ''} to ${maskPhone(message.to)}`);
    }
    return { messageId: entry.messageId };
  }
}

/** Every message in an outbox file, oldest first (newest last); a missing file is an empty outbox. */
export async function readOutbox(file: string): Promise<OutboxEntry[]> {
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: OutboxEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as OutboxEntry);
    } catch {
      // A line torn by a crash mid-write: skip it rather than hide the whole outbox.
    }
  }
  return entries;
}
