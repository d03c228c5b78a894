using { insights.demo as db } from '../db/schema';

// Served at /odata/v4/demo (OData v4), read-only like the gateway's feed.
@readonly
service DemoService @(path: 'demo') {
  entity Customer        as projection on db.Customer;
  entity UnifiedActivity as projection on db.UnifiedActivity;
}
