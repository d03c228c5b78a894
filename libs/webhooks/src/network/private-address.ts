import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { WebhookErrorCode, WebhookUrlError } from '../errors/webhook-errors';

/**
 * Which addresses a webhook may not be sent to (§6.1): the gateway must not become a way into
 * its own network. An address is refused when it falls in one of the ranges below; IPv6 forms
 * that carry an IPv4 address (v4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) are judged by that IPv4 address.
 *
 *   kind           IPv4                                        IPv6
 *   unspecified    0.0.0.0/8                                   ::/128
 *   loopback       127.0.0.0/8                                 ::1/128
 *   private        10/8, 172.16/12, 192.168/16                 fc00::/7 (ULA, incl. AWS fd00:ec2::254)
 *   link-local     169.254/16 (cloud metadata 169.254.169.254) fe80::/10, fec0::/10 (old site-local)
 *   shared         100.64/10 (CGNAT; Alibaba metadata 100.100.100.200)
 *   metadata       168.63.129.16/32 (Azure host endpoint), 192.0.0.0/24 (IETF; Oracle metadata 192.0.0.192)
 *   multicast      224/4                                       ff00::/8
 *   broadcast      255.255.255.255/32
 *   reserved       240/4, 198.18/15, 192.0.2/24,               ::/96 (old v4-compatible), 100::/64,
 *                  198.51.100/24, 203.0.113/24                 2001::/32 (Teredo), 2001:db8::/32, 64:ff9b:1::/48
 */
export type PrivateAddressKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'metadata'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  /** Not an IP address at all: refused too (fail closed). */
  | 'invalid';

type Range = readonly [network: string, prefix: number];

const IPV4: Readonly<Record<Exclude<PrivateAddressKind, 'invalid'>, readonly Range[]>> = {
  unspecified: [['0.0.0.0', 8]],
  loopback: [['127.0.0.0', 8]],
  private: [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]],
  'link-local': [['169.254.0.0', 16]],
  shared: [['100.64.0.0', 10]],
  metadata: [['168.63.129.16', 32], ['192.0.0.0', 24]],
  multicast: [['224.0.0.0', 4]],
  // Before `reserved`, whose 240/4 contains it.
  broadcast: [['255.255.255.255', 32]],
  reserved: [['240.0.0.0', 4], ['198.18.0.0', 15], ['192.0.2.0', 24], ['198.51.100.0', 24], ['203.0.113.0', 24]],
};

const IPV6: Readonly<Partial<Record<PrivateAddressKind, readonly Range[]>>> = {
  unspecified: [['::', 128]],
  loopback: [['::1', 128]],
  private: [['fc00::', 7]],
  'link-local': [['fe80::', 10], ['fec0::', 10]],
  multicast: [['ff00::', 8]],
  reserved: [['::', 96], ['100::', 64], ['2001::', 32], ['2001:db8::', 32], ['64:ff9b:1::', 48]],
};

const v4Lists = toBlockLists(IPV4, 'ipv4');
const v6Lists = toBlockLists(IPV6, 'ipv6');

function toBlockLists(ranges: Partial<Record<PrivateAddressKind, readonly Range[]>>, family: 'ipv4' | 'ipv6') {
  return Object.entries(ranges).map(([kind, list]) => {
    const blockList = new BlockList();
    for (const [network, prefix] of list ?? []) blockList.addSubnet(network, prefix, family);
    return { kind: kind as PrivateAddressKind, blockList };
  });
}

/**
 * The kind of internal range `address` belongs to, or undefined for a public address.
 * Accepts IPv4, IPv6 (with or without brackets or a zone id) and IPv6 forms carrying IPv4.
 * @publicApi
 */
export function privateAddressKind(address: string): PrivateAddressKind | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  switch (isIP(bare)) {
    case 4:
      return v4Lists.find((entry) => entry.blockList.check(bare, 'ipv4'))?.kind;
    case 6: {
      const embedded = embeddedIpv4(bare);
      if (embedded !== undefined) return privateAddressKind(embedded);
      return v6Lists.find((entry) => entry.blockList.check(bare, 'ipv6'))?.kind;
    }
    default:
      return 'invalid';
  }
}

/** Whether the gateway refuses to send to `address` unless private networks are allowed. */
export function isPrivateAddress(address: string): boolean {
  return privateAddressKind(address) !== undefined;
}

/** The IPv4 address inside a v4-mapped, NAT64 (well-known prefix) or 6to4 IPv6 address. */
function embeddedIpv4(ipv6: string): string | undefined {
  const bytes = ipv6Bytes(ipv6);
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const v4 = (at: number) => bytes.slice(at, at + 4).join('.');
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return v4(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(2);
  return undefined;
}

/** The 16 bytes of a valid IPv6 address (already checked with `isIP`). */
function ipv6Bytes(ipv6: string): number[] {
  let text = ipv6.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

export interface NotificationUrlOptions {
  /** `WEBHOOK_ALLOW_PRIVATE_NETWORKS`: for local set-ups and tests only. */
  readonly allowPrivateNetworks: boolean;
  /** Resolves a host name to all its addresses; `dns.lookup(all)` by default (tests replace it). */
  readonly resolve?: (hostname: string) => Promise<readonly string[]>;
}

/**
 * Checks a subscriber's `NotificationUrl` (§6.1): an absolute http(s) URL without credentials
 * whose host (an IP literal, or every address the name resolves to) is public, unless private
 * networks are allowed. The transport checks the address again when it connects, since DNS
 * may answer differently by then.
 * @throws WebhookUrlError with a message for people
 * @publicApi
 */
export async function checkNotificationUrl(url: string, options: NotificationUrlOptions): Promise<URL> {
  const parsed = parseHttpUrl(url);
  if (parsed.username !== '' || parsed.password !== '') {
    throw new WebhookUrlError(WebhookErrorCode.UrlInvalid, 'NotificationUrl must not contain credentials (user:password@)');
  }
  if (options.allowPrivateNetworks) return parsed;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(host) ? [host] : await resolveHost(host, options.resolve ?? lookupAll);
  const refused = addresses.find(isPrivateAddress);
  if (refused !== undefined) {
    throw new WebhookUrlError(
      WebhookErrorCode.UrlPrivate,
      `NotificationUrl resolves to a private or loopback address (${refused}); set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it`,
    );
  }
  return parsed;
}

function parseHttpUrl(url: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
    throw new WebhookUrlError(WebhookErrorCode.UrlInvalid, 'NotificationUrl must be an absolute http(s) URL');
  }
  return parsed;
}

async function resolveHost(host: string, resolve: (hostname: string) => Promise<readonly string[]>): Promise<readonly string[]> {
  let addresses: readonly string[];
  try {
    addresses = await resolve(host);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) {
    throw new WebhookUrlError(WebhookErrorCode.UrlUnresolvable, `NotificationUrl host '${host}' does not resolve to an address`);
  }
  return addresses;
}

async function lookupAll(hostname: string): Promise<readonly string[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}
