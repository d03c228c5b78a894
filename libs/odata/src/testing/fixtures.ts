import type { AttributeMetadata, EdmType, EntityMetadata } from '../metadata/entity-metadata';

/** Demo-like entities for specs, golden SQL and execution tests (not part of the public API). */
function attr(name: string, type: EdmType, nullable = true): AttributeMetadata {
  return { name, displayName: name, type, nullable };
}

/** Customer: filterable = key + the demo search index (Email, City, Country, LoyaltyTier). */
export const customerEntity: EntityMetadata = {
  name: 'Customer',
  displayName: 'Customer',
  kind: 'profile',
  attributes: [
    attr('CustomerId', 'String', false),
    attr('Email', 'String'),
    attr('FirstName', 'String'),
    attr('LastName', 'String'),
    attr('City', 'String'),
    attr('Country', 'String'),
    attr('PostalCode', 'String'),
    attr('BirthDate', 'Date'),
    attr('LoyaltyTier', 'String'),
    attr('LoyaltyPoints', 'Int32'),
    attr('LifetimeValue', 'Double'),
    attr('ExternalRef', 'Int64'),
    attr('IsActive', 'Boolean'),
    attr('CreatedOn', 'DateTimeOffset'),
    attr('ProfileGuid', 'Guid'),
  ],
  key: 'CustomerId',
  keyGenerated: false,
  filterableFields: ['CustomerId', 'Email', 'City', 'Country', 'LoyaltyTier'],
  sortFields: [],
  table: 'demo__Customer',
};

/**
 * The same Customer in an instance whose search index covers every attribute, so the
 * compiler and execution tests can filter on every EDM type without rule violations.
 */
export const openCustomerEntity: EntityMetadata = {
  ...customerEntity,
  filterableFields: customerEntity.attributes.map((a) => a.name),
};

export const unifiedActivityEntity: EntityMetadata = {
  name: 'UnifiedActivity',
  displayName: 'Unified Activity',
  kind: 'unifiedActivity',
  attributes: [
    attr('ActivityId', 'String', false),
    attr('CustomerId', 'String'),
    attr('ActivityType', 'String'),
    attr('ActivityTypeDisplay', 'String'),
    attr('ActivityTime', 'DateTimeOffset'),
    attr('ActivityName', 'String'),
    attr('Title', 'String'),
    attr('SourceEntityName', 'String'),
    attr('SourceActivityId', 'String'),
  ],
  key: 'ActivityId',
  keyGenerated: true,
  filterableFields: ['ActivityId', 'CustomerId'],
  sortFields: ['ActivityTime'],
  table: 'demo__UnifiedActivity',
};

export const customerMeasureEntity: EntityMetadata = {
  name: 'Customer_Measure',
  displayName: 'Customer Measure',
  kind: 'measure',
  attributes: [attr('CustomerId', 'String', false), attr('TotalSpend', 'Double'), attr('OrderCount', 'Int32'), attr('LastPurchase', 'DateTimeOffset')],
  key: 'CustomerId',
  keyGenerated: false,
  filterableFields: ['CustomerId'],
  sortFields: [],
  table: 'demo__Customer_Measure',
};
