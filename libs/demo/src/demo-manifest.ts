import type { EdmType } from '@app/odata';
import type { InstanceManifest } from '@app/storage';

type AttributeDefinition = InstanceManifest['entities'][number]['attributes'][number];

/** Logical names of the demo entities, in manifest order. */
export const DemoEntityName = {
  Customer: 'Customer',
  UnifiedActivity: 'UnifiedActivity',
  CustomerMeasure: 'Customer_Measure',
  PosPurchases: 'PosPurchases',
} as const;
export type DemoEntityName = (typeof DemoEntityName)[keyof typeof DemoEntityName];

export const DEMO_INSTANCE_NAME = 'demo';

/** The demo's point-of-sale export, a CDM folder with PosPurchases partitions. */
export const DEMO_POS_DATA_SOURCE = 'PosSystem';

function attr(name: string, displayName: string, type: EdmType, nullable?: boolean): AttributeDefinition {
  return nullable === undefined ? { name, displayName, type } : { name, displayName, type, nullable };
}

/**
 * The generated `demo` instance (§10). Each entity declares its key first and its filterable
 * fields right after it (§3.4); the generators emit row arrays in exactly this attribute order.
 */
export function demoManifest(): InstanceManifest {
  return {
    name: DEMO_INSTANCE_NAME,
    displayName: 'Demo Customer Insights',
    searchIndex: ['Email', 'City', 'Country', 'LoyaltyTier'],
    entities: [
      {
        name: DemoEntityName.Customer,
        displayName: 'Customer',
        kind: 'profile',
        key: 'CustomerId',
        keyGenerated: true,
        attributes: [
          attr('CustomerId', 'Customer ID', 'String', false),
          attr('Email', 'E-mail', 'String'),
          attr('City', 'City', 'String'),
          attr('Country', 'Country', 'String'),
          attr('LoyaltyTier', 'Loyalty tier', 'String'),
          attr('FirstName', 'First name', 'String'),
          attr('LastName', 'Last name', 'String'),
          attr('FullName', 'Full name', 'String'),
          attr('Phone', 'Phone', 'String'),
          attr('PostalCode', 'Postal code', 'String'),
          attr('StreetAddress', 'Street address', 'String'),
          attr('BirthDate', 'Birth date', 'Date'),
          attr('Gender', 'Gender', 'String'),
          attr('PreferredChannel', 'Preferred channel', 'String'),
          attr('LoyaltyPoints', 'Loyalty points', 'Int32'),
          attr('CreatedOn', 'Created on', 'DateTimeOffset'),
          attr('LastModifiedOn', 'Last modified on', 'DateTimeOffset'),
        ],
      },
      {
        name: DemoEntityName.UnifiedActivity,
        displayName: 'Unified activity',
        kind: 'unifiedActivity',
        key: 'ActivityId',
        keyGenerated: true,
        sortFields: ['ActivityTime'],
        attributes: [
          attr('ActivityId', 'Activity ID', 'String', false),
          attr('CustomerId', 'Customer ID', 'String', false),
          attr('ActivityType', 'Activity type', 'String', false),
          attr('ActivityTypeDisplay', 'Activity type display', 'String'),
          attr('ActivityTime', 'Activity time', 'DateTimeOffset', false),
          attr('ActivityName', 'Activity name', 'String'),
          attr('Title', 'Title', 'String'),
          attr('SourceEntityName', 'Source entity name', 'String'),
          attr('SourceActivityId', 'Source activity ID', 'String'),
          attr('Amount', 'Amount', 'Double'),
        ],
      },
      {
        name: DemoEntityName.CustomerMeasure,
        displayName: 'Customer measures',
        kind: 'measure',
        key: 'CustomerId',
        attributes: [
          attr('CustomerId', 'Customer ID', 'String', false),
          attr('TotalSpend', 'Total spend', 'Double'),
          attr('PurchaseCount', 'Purchase count', 'Int32'),
          attr('LastPurchaseDate', 'Last purchase date', 'DateTimeOffset'),
          attr('AverageOrderValue', 'Average order value', 'Double'),
          attr('ActivityCount', 'Activity count', 'Int32'),
        ],
      },
      {
        name: DemoEntityName.PosPurchases,
        displayName: 'POS purchases',
        kind: 'source',
        key: 'PurchaseId',
        keyGenerated: true,
        attributes: [
          attr('PurchaseId', 'Purchase ID', 'String', false),
          attr('CustomerId', 'Customer ID', 'String', false),
          attr('StoreId', 'Store ID', 'String'),
          attr('PurchasedOn', 'Purchased on', 'DateTimeOffset'),
          attr('TotalAmount', 'Total amount', 'Double'),
          attr('Currency', 'Currency', 'String'),
          attr('ItemCount', 'Item count', 'Int32'),
          attr('ExternalOrderNumber', 'External order number', 'Int64'),
        ],
      },
    ],
    // PosPurchases arrives the way a source entity does: from a CDM folder in the lake (§10).
    dataSources: [{ name: DEMO_POS_DATA_SOURCE, kind: 'cdm', location: `datasources/${DEMO_POS_DATA_SOURCE}` }],
    // §2: segments are $filters over Customer, measures aggregates; both evaluated by refresh runs.
    segments: [
      { name: 'HighValue', displayName: 'High-value customers', filter: 'LoyaltyPoints gt 15000' },
      { name: 'GoldAndPlatinum', displayName: 'Gold and Platinum members', filter: "LoyaltyTier eq 'Gold' or LoyaltyTier eq 'Platinum'" },
    ],
    measures: [
      { name: 'CustomerCount', displayName: 'Customers', entity: DemoEntityName.Customer, aggregate: 'count' },
      { name: 'TotalSpend', displayName: 'Total spend', entity: DemoEntityName.CustomerMeasure, aggregate: 'sum', field: 'TotalSpend' },
      { name: 'AverageOrderValue', displayName: 'Average order value', entity: DemoEntityName.CustomerMeasure, aggregate: 'avg', field: 'AverageOrderValue' },
    ],
    // A nightly full refresh, as a Customer Insights environment has.
    schedule: { cron: ['0 0 2 * * *'], timezone: 'UTC', active: true },
  };
}
