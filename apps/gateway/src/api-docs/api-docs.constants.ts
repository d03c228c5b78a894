/** Where the documents are served (§7: public, no credential). */
export const DOCS_PATH = 'docs';
export const OPENAPI_PATH = 'openapi.json';

/** The operation groups of `/docs`, in the order a reader meets them. */
export const ApiTag = {
  Connector: 'connector',
  Feed: 'OData feed',
  Partitions: 'partitions',
  Admin: 'admin',
  Triggers: 'triggers',
  Processes: 'processes',
  Reports: 'reports',
  Status: 'status',
} as const;

export const API_TAG_DESCRIPTIONS: Readonly<Record<(typeof ApiTag)[keyof typeof ApiTag], string>> = {
  connector: 'The Customer Insights connector routes (§3): instances, entities, table metadata and items with OData query options.',
  'OData feed': 'The OData v4 feed for Excel, Power BI and OData clients (§4), one service root per dataset.',
  partitions: "An entity's CSV partitions and reading them record by record (§5).",
  admin: 'Connections (keys) and data sources. Admin role.',
  triggers: 'The six Power Automate webhook triggers (§6.1), their subscriptions and delivery health (§6.2).',
  processes: 'Segments, measures, the refresh schedule, manual runs and run history (§6.3, §6.4). Admin role.',
  reports: 'Status reports (§6.5) and who receives them.',
  status: 'The HTML status page (§6.3), health and metrics (§8).',
};

/**
 * Security scheme names (§7): one credential of these four is enough, so the document lists
 * them as alternatives; public routes declare an empty requirement list instead.
 */
export const SecurityScheme = {
  Bearer: 'bearer',
  Basic: 'basic',
  ApiKeyHeader: 'apiKeyHeader',
  ApiKeyQuery: 'apiKeyQuery',
} as const;
