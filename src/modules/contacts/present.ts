import type { ContactPointRow, ContactRow } from '../../db/types.js';
import type { Contact, ContactPoint } from './schema.js';

type PointLike = Pick<ContactPointRow, 'id' | 'channel' | 'label' | 'value' | 'normalized' | 'status'>;

export function presentPoint(p: PointLike): ContactPoint {
  return {
    id: p.id,
    channel: p.channel as ContactPoint['channel'],
    label: p.label as ContactPoint['label'],
    value: p.value,
    normalized: p.normalized,
    status: p.status as ContactPoint['status'],
  };
}

/** A name to show: the person's name, else the first contact point, else the company. */
export function displayName(
  c: Pick<ContactRow, 'first_name' | 'last_name' | 'company'>,
  points: { value: string }[],
): string {
  const name = [c.first_name, c.last_name].filter(Boolean).join(' ');
  return name || points[0]?.value || c.company || 'Unnamed contact';
}

export function presentContact(c: ContactRow, points: PointLike[], sharedWith: string[]): Contact {
  return {
    id: c.id,
    firstName: c.first_name,
    lastName: c.last_name,
    displayName: displayName(c, points),
    type: c.type as Contact['type'],
    level: c.level as Contact['level'],
    company: c.company,
    jobTitle: c.job_title,
    department: c.department,
    birthDate: c.birth_date,
    language: c.language,
    timeZone: c.time_zone,
    address: { street: c.street, city: c.city, state: c.state, zip: c.zip, country: c.country },
    tags: c.tags,
    ownerId: c.owner_id,
    source: c.source as Contact['source'],
    externalId: c.external_id,
    custom: c.custom,
    active: c.active,
    blocked: c.blocked,
    blockedReason: c.blocked_reason,
    points: points.map(presentPoint),
    sharedWith,
    version: c.version,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
  };
}

/** Groups child rows by contact id, keeping their order. */
export function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
