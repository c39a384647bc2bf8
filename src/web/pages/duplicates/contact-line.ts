import type { Contact } from '../../api/types';
import { displayPhone } from '../../lib/phone';
import { PHONE_CHANNELS } from '../../lib/constants';

/** Company, city and the first phone and email: what tells two namesakes apart at a glance. */
export function contactLine(c: Contact): string {
  const phone = c.points.find((p) => (PHONE_CHANNELS as readonly string[]).includes(p.channel));
  const email = c.points.find((p) => p.channel === 'email');
  return [c.company, c.address?.city, phone && displayPhone(phone.normalized), email?.value]
    .filter(Boolean)
    .join(' · ');
}
