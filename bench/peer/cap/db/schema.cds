// The two demo entities the peer comparison reads (bench/peer.ts), with the gateway's attribute
// names and the CDS types of its EDM types (libs/demo demoManifest): Edm.String → String,
// Edm.Date → Date, Edm.Int32 → Integer, Edm.Double → Double, Edm.DateTimeOffset (precision 3) → Timestamp.
namespace insights.demo;

entity Customer {
  key CustomerId       : String not null;
      Email            : String;
      City             : String;
      Country          : String;
      LoyaltyTier      : String;
      FirstName        : String;
      LastName         : String;
      FullName         : String;
      Phone            : String;
      PostalCode       : String;
      StreetAddress    : String;
      BirthDate        : Date;
      Gender           : String;
      PreferredChannel : String;
      LoyaltyPoints    : Integer;
      CreatedOn        : Timestamp;
      LastModifiedOn   : Timestamp;
}

entity UnifiedActivity {
  key ActivityId          : String not null;
      CustomerId          : String not null;
      ActivityType        : String not null;
      ActivityTypeDisplay : String;
      ActivityTime        : Timestamp not null;
      ActivityName        : String;
      Title               : String;
      SourceEntityName    : String;
      SourceActivityId    : String;
      Amount              : Double;
}
