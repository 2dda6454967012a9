/**
 * The county's DynamoDB tables, built from the shared definitions in `functions/store/tables.ts`
 * (the local stack builds its DynamoDB Local tables from the same list). Nothing about keys,
 * indexes, streams or TTL is spelled here: a new definition or index appears in AWS by itself.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  TABLES,
  tableName,
  type IndexDefinition,
  type KeyDefinition,
  type TableDefinition,
} from '../../functions/store/tables.ts';

export type TableName = TableDefinition['name'];

export interface DataTablesProps {
  /** Physical names are `{prefix}-{definition name}`, e.g. `cunjing-demo-cases`. */
  readonly prefix: string;
  /**
   * Protects the data of a real county: deletion protection on, and the tables stay behind when the
   * stack is deleted. Set false only for throw-away stacks (tests, trials).
   * @default true
   */
  readonly production?: boolean;
  /** @default TABLES (every shared definition) */
  readonly definitions?: readonly TableDefinition[];
}

export class DataTables extends Construct {
  /** The tables by definition name, e.g. `tables.cases`. */
  readonly tables: Readonly<Record<TableName, dynamodb.TableV2>>;
  readonly definitions: readonly TableDefinition[];

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    const production = props.production ?? true;
    this.definitions = props.definitions ?? TABLES;
    const tables: Partial<Record<TableName, dynamodb.TableV2>> = {};
    for (const def of this.definitions) {
      // The construct id fixes the logical id: renaming it would replace the table, so it follows
      // the definition name and never changes.
      tables[def.name] = new dynamodb.TableV2(this, pascalCase(def.name), {
        tableName: tableName(props.prefix, def),
        partitionKey: attribute(def.partitionKey),
        sortKey: def.sortKey && attribute(def.sortKey),
        globalSecondaryIndexes: def.globalSecondaryIndexes.map(globalSecondaryIndex),
        billing: dynamodb.Billing.onDemand(),
        encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: production,
        removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        timeToLiveAttribute: def.ttlAttribute,
        dynamoStream: def.stream && dynamodb.StreamViewType[def.stream],
      });
    }
    this.tables = tables as Record<TableName, dynamodb.TableV2>;
  }

  /** The table built from a definition. */
  table(def: TableDefinition): dynamodb.TableV2 {
    const table = this.tables[def.name];
    if (!table) throw new Error(`${this.node.path} has no ${def.name} table`);
    return table;
  }
}

function attribute(key: KeyDefinition): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING };
}

function globalSecondaryIndex(index: IndexDefinition): dynamodb.GlobalSecondaryIndexPropsV2 {
  const keys = {
    indexName: index.indexName,
    partitionKey: attribute(index.partitionKey),
    sortKey: index.sortKey && attribute(index.sortKey),
  };
  if (index.projection === 'ALL') return { ...keys, projectionType: dynamodb.ProjectionType.ALL };
  if (index.projection === 'KEYS_ONLY') return { ...keys, projectionType: dynamodb.ProjectionType.KEYS_ONLY };
  return { ...keys, projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] };
}

function pascalCase(name: string): string {
  return name.replace(/(^|[-_])([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
