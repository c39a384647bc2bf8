// Words and colours for outbound: channels, statuses, entry states, results, calling windows.
import type { CampaignStatus, EntryState } from '../../api/campaigns';
import type { CampaignChannel, Result } from '../../../modules/campaigns/rules';

export const CAMPAIGN_CHANNEL_LABELS: Record<CampaignChannel, string> = {
  voice: 'Voice',
  sms: 'SMS',
  email: 'Email',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  facebook: 'Facebook',
  wechat: 'WeChat',
};

export const STATUS_LABELS: Record<CampaignStatus, string> = {
  active: 'Active',
  paused: 'Paused',
  completed: 'Completed',
};
export const STATUS_COLORS: Record<CampaignStatus, string> = {
  active: 'teal',
  paused: 'yellow',
  completed: 'gray',
};

export const LOADING_LABELS = { lists: 'Contact lists', web_service: 'Web service' } as const;

export const LIST_SOURCE_LABELS: Record<string, string> = {
  manual: 'By hand',
  file: 'File',
  filter: 'Filter',
  web_service: 'Web service',
};

export const STATE_LABELS: Record<EntryState, string> = {
  callable: 'Callable',
  planning: 'Planning',
  open: 'Open',
  attempted: 'Attempted',
  flagged: 'Flagged',
  closed: 'Closed',
};
export const STATE_COLORS: Record<EntryState, string> = {
  callable: 'blue',
  planning: 'violet',
  open: 'cyan',
  attempted: 'orange',
  flagged: 'red',
  closed: 'gray',
};
export const STATE_HELP: Record<EntryState, string> = {
  callable: 'Waiting: handed out when due, inside the calling window',
  planning: 'Handed out to a dialer, attempt under way',
  open: 'Reached, waiting for the customer',
  attempted: 'Every attempt used without reaching them',
  flagged: 'No usable address (opted out, blocked or invalid)',
  closed: 'Done: reached, closed by the customer or by hand',
};

export const RESULT_LABELS: Record<Result, string> = {
  success: 'Reached',
  waiting_customer: 'Waiting for the customer',
  no_answer: 'No answer',
  busy: 'Busy',
  failed: 'Failed',
  callback: 'Callback',
  invalid_address: 'Invalid address',
  customer_closed: 'Closed by the customer',
};

export const RETRY_LABELS = {
  no_answer: 'No answer',
  busy: 'Busy',
  failed: 'Failed',
  callback: 'Callback',
} as const;

const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: DAY_NAMES[d] }));

/** [1,2,3,4,5] → "Mon–Fri"; [6,7,1] → "Sat–Mon"; [1,3] → "Mon, Wed"; all seven → "every day". */
export function daysSummary(days: readonly number[]): string {
  const set = new Set(days);
  if (set.size === 7) return 'every day';
  if (set.size === 0) return 'no day';
  // Start after a gap, so a run through Sunday into Monday reads as one run.
  let start = 1;
  while (set.has(start === 1 ? 7 : start - 1)) start++;
  const runs: number[][] = [];
  for (let i = 0; i < 7; i++) {
    const d = ((start - 1 + i) % 7) + 1;
    if (!set.has(d)) continue;
    const last = runs[runs.length - 1];
    const prev = d === 1 ? 7 : d - 1;
    if (last && last[last.length - 1] === prev) last.push(d);
    else runs.push([d]);
  }
  return runs
    .map((r) =>
      r.length >= 3
        ? `${DAY_NAMES[r[0]]}–${DAY_NAMES[r[r.length - 1]]}`
        : r.map((d) => DAY_NAMES[d]).join(', '),
    )
    .join(', ');
}

export const windowSummary = (w: { start: string; end: string; days: readonly number[] }) =>
  `${w.start}–${w.end} ${daysSummary(w.days)}`;

/** "in 5 minutes", "3 hours ago", "now". */
export function relativeTime(value: string, now = Date.now()): string {
  const diff = (new Date(value).getTime() - now) / 1000;
  const s = Math.abs(diff);
  if (s < 45) return 'now';
  const units: [number, string][] = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day'],
    [2592000, 'month'],
    [31536000, 'year'],
  ];
  let text = '';
  for (const [secs, name] of units) {
    const n = Math.round(s / secs);
    if (n >= 1) text = `${n} ${name}${n === 1 ? '' : 's'}`;
  }
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

/** "0 6 * * 1-5" → "on weekdays at 06:00"; null when the cron is not one of the simple shapes. */
export function cronWords(cron: string): string | null {
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5) return null;
  const [minute, hour, dom, month, dow] = f;
  const num = (s: string, max: number) => /^\d{1,2}$/.test(s) && Number(s) <= max;
  if (!num(minute, 59) || dom !== '*' || month !== '*') return null;
  if (hour === '*' && dow === '*')
    return minute === '0' ? 'every hour' : `every hour at :${minute.padStart(2, '0')}`;
  if (!num(hour, 23)) return null;
  const at = `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
  if (dow === '*') return `daily at ${at}`;
  if (/^(1-5|mon-fri)$/i.test(dow)) return `on weekdays at ${at}`;
  if (/^(0,6|6,0|6-7|sat,sun|sat-sun)$/i.test(dow)) return `on weekends at ${at}`;
  return null;
}

/** "daily at 00:00 UTC", "every hour", "on the schedule “5 4 1 * *” (Europe/Paris)". */
export function scheduleWords(s: { cron: string; timeZone: string }): string {
  const words = cronWords(s.cron);
  if (!words) return `on the schedule “${s.cron}” (${s.timeZone})`;
  // Hourly runs happen at the same moments in (nearly) every zone.
  return words.startsWith('every hour') ? words : `${words} ${s.timeZone}`;
}

/** "Adds new matches daily at 00:00 UTC · next run in 5 hours", or "Not scheduled". */
export function scheduleSummary(
  s: { cron: string; timeZone: string; nextRunAt: string | null } | null,
  now = Date.now(),
): string {
  if (!s) return 'Not scheduled';
  // A run a little overdue waits for the scheduler's next minute: it is about to happen.
  const next = !s.nextRunAt
    ? 'no run to come'
    : new Date(s.nextRunAt).getTime() - now < 45_000
      ? 'next run any moment'
      : `next run ${relativeTime(s.nextRunAt, now)}`;
  return `Adds new matches ${scheduleWords(s)} · ${next}`;
}
