/**
 * The demo's activity types: what each looks like in `UnifiedActivity`, how common it is, and
 * the source system it would come from. Index order is the `ActivityKind` code used in plans.
 */
export interface ActivityTypeInfo {
  readonly type: string;
  readonly display: string;
  /** Relative frequency among a customer's activities. */
  readonly weight: number;
  readonly sourceEntity: string;
  /** Prefix of `SourceActivityId` (`P-000042-03`). */
  readonly sourcePrefix: string;
  /** `ActivityName` choices. */
  readonly names: readonly string[];
  /** `Title` choices. */
  readonly titles: readonly string[];
}

export const ActivityKind = {
  Purchase: 0,
  WebVisit: 1,
  EmailOpen: 2,
  EmailClick: 3,
  SupportCase: 4,
  StoreVisit: 5,
  Review: 6,
  Return: 7,
} as const;

const CAMPAIGNS = [
  'Welcome series #1', 'Welcome series #2', 'Spring newsletter', 'Summer sale', 'Back to school',
  'Black Friday preview', 'Black Friday', 'Cyber Monday', 'Holiday gift guide', 'New Year offers',
  "Valentine's picks", 'Loyalty points reminder', 'We miss you', 'Product launch: Trail runner X',
];

/** Indexed by {@link ActivityKind}. The Purchase source entity is the demo's `PosPurchases`. */
export const ACTIVITY_TYPES: readonly ActivityTypeInfo[] = [
  {
    type: 'Purchase', display: 'Purchase', weight: 25, sourceEntity: 'PosPurchases', sourcePrefix: 'P',
    names: ['In-store purchase', 'Online order'],
    titles: ['Purchase of 1 item', ...Array.from({ length: 9 }, (_, i) => `Purchase of ${i + 2} items`)],
  },
  {
    type: 'WebVisit', display: 'Web visit', weight: 25, sourceEntity: 'WebAnalytics', sourcePrefix: 'W',
    names: ['Web visit', 'Mobile app session'],
    titles: [
      'Home page', 'Product page: Running shoes', 'Product page: Rain jacket', 'Product page: Backpack 30 L',
      'Search: "gift card"', 'Checkout', 'Store locator', 'Summer sale landing page', 'My account', 'Size guide',
    ],
  },
  {
    type: 'EmailOpen', display: 'E-mail opened', weight: 18, sourceEntity: 'EmailEngagement', sourcePrefix: 'E',
    names: ['Marketing e-mail opened'], titles: CAMPAIGNS,
  },
  {
    type: 'EmailClick', display: 'E-mail link clicked', weight: 8, sourceEntity: 'EmailEngagement', sourcePrefix: 'K',
    names: ['Marketing e-mail link clicked'], titles: CAMPAIGNS,
  },
  {
    type: 'SupportCase', display: 'Support case', weight: 5, sourceEntity: 'ServiceCases', sourcePrefix: 'S',
    names: ['Case opened by phone', 'Case opened by chat', 'Case opened by e-mail'],
    titles: [
      'Delivery delayed', 'Damaged item', 'Wrong size delivered', 'Password reset', 'Invoice request',
      'Loyalty points missing', 'Refund status', "Can't apply discount code",
    ],
  },
  {
    type: 'StoreVisit', display: 'Store visit', weight: 10, sourceEntity: 'StoreTraffic', sourcePrefix: 'V',
    names: ['Store visit'],
    titles: [
      'Browsed', 'Fitting room', 'Click & collect pick-up', 'Personal styling appointment', 'Event: product launch',
    ],
  },
  {
    type: 'Review', display: 'Product review', weight: 5, sourceEntity: 'ProductReviews', sourcePrefix: 'R',
    names: ['Product review'],
    titles: [
      '★☆☆☆☆ Disappointed', '★★☆☆☆ Not as described', '★★★☆☆ OK for the price', '★★★★☆ Very good', '★★★★★ Love it!',
    ],
  },
  {
    type: 'Return', display: 'Product return', weight: 4, sourceEntity: 'PosReturns', sourcePrefix: 'X',
    names: ['In-store return', 'Return by post'],
    titles: ["Doesn't fit", 'Changed my mind', 'Defective', 'Arrived too late', 'Not as pictured'],
  },
];
