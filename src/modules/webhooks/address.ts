// Where webhooks may be sent. A hook's URL is chosen by a workspace admin, but the request leaves
// from our servers: without a check, a hook could reach what only they can reach (the database,
// a cloud's metadata service at 169.254.169.254, other internal services) and show its answer in
// the delivery log. So deliveries go only to public addresses, checked on the address actually
// connected to (a name that resolves to a private address, even only sometimes, is refused), unless
// the deployment allows private ones (WEBHOOK_ALLOW_PRIVATE=1, for hooks on an internal network).
import dns from 'node:dns';
import net from 'node:net';

/** Ranges that are not the public internet (IANA special-purpose registries, IPv4 and IPv6). */
const PRIVATE_RANGES: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata services
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['100::', 64, 'ipv6'], // discard
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const privateRanges = new net.BlockList();
for (const [address, prefix, family] of PRIVATE_RANGES) privateRanges.addSubnet(address, prefix, family);

/** An IPv4 address written inside an IPv6 one (::ffff:10.0.0.1, ::10.0.0.1, 64:ff9b::a00:1). */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Whether an IP address (v4 or v6, as written by dns.lookup) is outside every private range. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null) return isPublicAddress(v4);
  }
  return !privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The error a refused address gives; its message ends up in the delivery log. */
export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(host: string, address: string) {
    super(
      host === address
        ? `${address} is a private address; webhooks go to public addresses only`
        : `${host} resolves to ${address}, a private address; webhooks go to public addresses only`,
    );
  }
}

/**
 * A `lookup` for http.request that resolves as usual and refuses private addresses, so the
 * address checked is the one connected to (no second resolution an attacker could answer
 * differently).
 */
export const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) return callback(new PrivateAddressError(hostname, refused.address), '');
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/**
 * For checking a URL when a hook is registered: a host written as an IP address must be public
 * ("localhost" counts as private). Names are checked when each delivery resolves them.
 */
export function literalPrivateHost(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host.toLowerCase() === 'localhost' || host.toLowerCase().endsWith('.localhost')) return host;
  return net.isIP(host) !== 0 && !isPublicAddress(host) ? host : null;
}
