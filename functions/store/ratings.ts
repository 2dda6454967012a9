/**
 * The ratings table: one rating per case, written together with the case's "rated" mark, its
 * timeline entry and the monthly counters it moves in one transaction, so a case is rated once,
 * and only once it is resolved.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TimelineEntry } from '../domain/case.ts';
import type { CounterDelta } from '../domain/counters.ts';
import type { Rating, RatingStore } from '../domain/ports.ts';
import { counterUpdate } from './counters.ts';
import { entryItem } from './case-items.ts';
import { keys } from './tables.ts';

export interface DynamoRatingStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly ratingsTable: string;
  readonly casesTable: string;
}

export class DynamoRatingStore implements RatingStore {
  readonly #options: DynamoRatingStoreOptions;

  constructor(options: DynamoRatingStoreOptions) {
    this.#options = options;
  }

  async rate(rating: Rating, entry: TimelineEntry, counters: readonly CounterDelta[]): Promise<'rated' | 'not_resolved' | 'already_rated'> {
    const { client, ratingsTable, casesTable } = this.#options;
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: casesTable,
                Key: keys.case(rating.caseNumber),
                UpdateExpression: 'SET ratedAt = :at, ratingScore = :score, updatedAt = :at',
                ConditionExpression: '#status = :resolved AND attribute_not_exists(ratedAt)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':at': rating.createdAt, ':score': rating.score, ':resolved': 'resolved' },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Put: { TableName: ratingsTable, Item: { ...rating }, ConditionExpression: 'attribute_not_exists(caseNumber)' } },
            // The case's "rated" entry, an item of the case's partition.
            { Put: { TableName: casesTable, Item: entryItem(rating.caseNumber, entry, 'rating') } },
            ...counters.map((d) => counterUpdate(casesTable, d)),
          ],
        }),
      );
      return 'rated';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [onCase, onRating] = error.CancellationReasons ?? [];
      if (onRating?.Code === 'ConditionalCheckFailed') return 'already_rated';
      if (onCase?.Code === 'ConditionalCheckFailed') {
        return onCase.Item && 'ratedAt' in onCase.Item ? 'already_rated' : 'not_resolved';
      }
      throw error;
    }
  }
}
