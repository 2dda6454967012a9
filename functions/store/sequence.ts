/**
 * Case numbers' sequences: one counter item per county and year, reserved a block at a time and
 * handed out from memory, so most submissions cost no counter write.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './tables.ts';
import { TableStore, type CaseTable } from './client.ts';

export class DynamoSequence extends TableStore {
  readonly #block: number;
  readonly #reserved = new Map<string, { next: number; last: number }>();
  readonly #pending = new Map<string, Promise<{ next: number; last: number }>>();

  constructor(options: CaseTable & { readonly block: number }) {
    super(options);
    this.#block = options.block;
  }

  async nextSequence(countyCode: string, year: number): Promise<number> {
    const counter = `${countyCode}#${year}`;
    for (;;) {
      const range = this.#reserved.get(counter);
      if (range && range.next <= range.last) return range.next++;
      // One reservation at a time per counter; concurrent callers wait for it.
      let pending = this.#pending.get(counter);
      if (!pending) {
        pending = this.#reserve(countyCode, year).finally(() => this.#pending.delete(counter));
        this.#pending.set(counter, pending);
      }
      this.#reserved.set(counter, await pending);
    }
  }

  async #reserve(countyCode: string, year: number): Promise<{ next: number; last: number }> {
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.sequence(countyCode, year),
        UpdateExpression: 'ADD #last :block',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: { ':block': this.#block },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const last = Number(out.Attributes?.last);
    if (last > 999_999) throw new Error(`case numbers for ${countyCode} ${year} are exhausted`);
    return { next: last - this.#block + 1, last };
  }
}
