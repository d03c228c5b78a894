/**
 * `apiProperties.json` in the Power Platform connector format (the file `pac connector create`
 * and `paconn` take beside the definition; schema: PowerPlatformConnectors
 * `schemas/paconn-apiProperties.schema.json`).
 *
 * - `api_key` is the connection parameter Power Platform fills the `api_key` security
 *   definition (`api-key` header) from; a securestring, so it is never shown again.
 * - The host needs no policy: the definition is served with this gateway's host. Paging does:
 *   `@odata.nextLink` names the gateway, and `updatenextlink` rewrites it to the connector's
 *   own address so that Power Platform follows it with the connection's key.
 */
export function buildApiProperties(pagedOperations: readonly string[]) {
  return {
    properties: {
      connectionParameters: {
        api_key: {
          type: 'securestring',
          uiDefinition: {
            displayName: 'API key',
            description: 'The key of an Insights Gateway connection (insights-gateway keys create, or POST /admin/connections).',
            tooltip: 'The key shown once when the connection was created',
            constraints: { tabIndex: 2, clearText: false, required: 'true' },
          },
        },
      },
      iconBrandColor: '#0F6CBD',
      capabilities: ['actions', 'triggers'],
      publisher: 'Insights Gateway',
      stackOwner: 'Insights Gateway',
      policyTemplateInstances: [
        {
          templateId: 'updatenextlink',
          title: 'Page through items with @odata.nextLink',
          parameters: {
            'x-ms-apimTemplate-operationName': [...pagedOperations],
            'x-ms-apimTemplateParameter.nextLinkPropertyName': '@odata.nextLink',
          },
        },
      ],
    },
  };
}
