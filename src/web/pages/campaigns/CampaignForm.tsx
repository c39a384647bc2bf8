import { useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Chip,
  Group,
  Input,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { IconAlertCircle, IconLock } from '@tabler/icons-react';
import { isApiError } from '../../api/client';
import {
  useCreateCampaign,
  useUpdateCampaign,
  type Campaign,
  type CampaignInput,
  type CampaignStatus,
} from '../../api/campaigns';
import {
  CAMPAIGN_CHANNELS,
  DEFAULT_RETRY_MINUTES,
  DEFAULT_WINDOW,
  RETRY_RESULTS,
  defaultRules,
  type CampaignChannel,
  type RetryResult,
} from '../../../modules/campaigns/rules';
import { notifyError } from '../../components/notify';
import { AddressRulesEditor, ruleKey, type RuleDraft } from './AddressRulesEditor';
import { CAMPAIGN_CHANNEL_LABELS, LOADING_LABELS, RETRY_LABELS, STATUS_LABELS, WEEKDAYS } from './format';

type Num = number | string;
type SecretMode = 'keep' | 'change' | 'remove';

interface Draft {
  name: string;
  channels: CampaignChannel[];
  status: CampaignStatus;
  loading: 'lists' | 'web_service';
  maxAttempts: Num;
  retry: Record<RetryResult, Num>;
  start: string;
  end: string;
  days: string[];
  rules: RuleDraft[];
  closeWhenAllReached: boolean;
  leaseSeconds: Num;
  wsUrl: string;
  wsHeader: string;
  wsTimeout: Num;
  secret: string;
  secretMode: SecretMode;
}

const toRules = (rules: readonly { use: string; channel: string; label?: string | null }[]): RuleDraft[] =>
  rules.map((r) => ({
    key: ruleKey(),
    use: r.use as CampaignChannel,
    channel: r.channel as RuleDraft['channel'],
    label: (r.label ?? null) as RuleDraft['label'],
  }));

function draftOf(c: Campaign | null): Draft {
  const window = c?.window ?? DEFAULT_WINDOW;
  const channels: CampaignChannel[] = c?.channels ?? ['voice'];
  return {
    name: c?.name ?? '',
    channels,
    status: c?.status ?? 'active',
    loading: c?.loading ?? 'lists',
    maxAttempts: c?.maxAttempts ?? 3,
    retry: { ...DEFAULT_RETRY_MINUTES, ...c?.retryMinutes },
    start: window.start,
    end: window.end,
    days: window.days.map(String),
    rules: toRules(c?.addressRules ?? defaultRules(channels)),
    closeWhenAllReached: c?.closeWhenAllReached ?? false,
    leaseSeconds: c?.leaseSeconds ?? 300,
    wsUrl: c?.webService?.url ?? '',
    wsHeader: c?.webService?.headerName ?? '',
    wsTimeout: c?.webService?.timeoutMs ?? 5000,
    secret: '',
    secretMode: c?.webService?.secretSet ? 'keep' : 'change',
  };
}

/** Channels switched on get their default rules; rules of channels switched off go (as the server does). */
function withChannels(rules: RuleDraft[], channels: CampaignChannel[]): RuleDraft[] {
  const kept = rules.filter((r) => channels.includes(r.use));
  const added = channels.filter((c) => !kept.some((r) => r.use === c));
  return [...kept, ...toRules(defaultRules(added))];
}

// Where the server's field errors are shown; anything else goes in the banner above the form.
const PLACED =
  /^(name|channels(\.\d+)?|status|loading|maxAttempts|retryMinutes\.\w+|window\.(start|end|days)(\.\d+)?|addressRules(\.\d+\.(use|channel|label))?|closeWhenAllReached|leaseSeconds|webService(\.(url|headerName|secret|timeoutMs))?)$/;

const num = (v: Num) => (typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v));

interface Props {
  /** The campaign to change; null creates one. */
  campaign: Campaign | null;
  onSaved: (c: Campaign) => void;
  onCancel?: () => void;
  /** Keeps the buttons in view at the bottom of a scrolling modal. */
  stickyFooter?: boolean;
}

export function CampaignForm({ campaign, onSaved, onCancel, stickyFooter }: Props) {
  const create = useCreateCampaign();
  const update = useUpdateCampaign();
  const [d, setDraft] = useState<Draft>(() => draftOf(campaign));
  // The status as the form found it: the page's Pause/Resume button changes it meanwhile, and an
  // untouched status must not undo that.
  const [loadedStatus, setLoadedStatus] = useState(campaign?.status);
  const current = campaign?.status;
  useEffect(() => {
    if (!current || current === loadedStatus) return;
    setDraft((x) => (x.status === loadedStatus ? { ...x, status: current } : x));
    setLoadedStatus(current);
  }, [current, loadedStatus]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const pending = create.isPending || update.isPending;

  /** Changes draft fields and forgets the errors about them. */
  const set = (patch: Partial<Draft>, ...paths: string[]) => {
    setDraft((x) => ({ ...x, ...patch }));
    if (paths.length)
      setErrors((e) =>
        Object.fromEntries(
          Object.entries(e).filter(([p]) => !paths.some((q) => p === q || p.startsWith(`${q}.`))),
        ),
      );
  };
  const at = (path: string, deep = false) =>
    errors[path] ?? (deep ? Object.entries(errors).find(([p]) => p.startsWith(`${path}.`))?.[1] : undefined);

  const body = (): CampaignInput => {
    const wsOn = d.loading === 'web_service';
    const secret =
      d.secretMode === 'remove'
        ? { secret: '' }
        : d.secretMode === 'change' && d.secret
          ? { secret: d.secret }
          : {};
    return {
      name: d.name,
      channels: d.channels,
      status: campaign && d.status === loadedStatus ? undefined : d.status,
      loading: d.loading,
      maxAttempts: num(d.maxAttempts),
      retryMinutes: Object.fromEntries(RETRY_RESULTS.map((r) => [r, num(d.retry[r])])),
      window: { start: d.start, end: d.end, days: d.days.map(Number).sort((a, b) => a - b) },
      addressRules: d.rules.map(({ use, channel, label }) =>
        label ? { use, channel, label } : { use, channel },
      ),
      closeWhenAllReached: d.closeWhenAllReached,
      leaseSeconds: num(d.leaseSeconds),
      webService: wsOn
        ? {
            url: d.wsUrl.trim(),
            headerName: d.wsHeader.trim() || null,
            timeoutMs: num(d.wsTimeout),
            ...secret,
          }
        : null,
    };
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    // Only what the server cannot say well: an empty number box.
    const local: Record<string, string> = {};
    const need = (path: string, v: Num) => {
      if (Number.isNaN(num(v))) local[path] = 'Give a number';
    };
    need('maxAttempts', d.maxAttempts);
    need('leaseSeconds', d.leaseSeconds);
    for (const r of RETRY_RESULTS) need(`retryMinutes.${r}`, d.retry[r]);
    if (d.loading === 'web_service') need('webService.timeoutMs', d.wsTimeout);
    setBanner(null);
    if (Object.keys(local).length) return setErrors(local);
    const onError = (err: unknown) => {
      if (isApiError(err) && err.errors.length) {
        setErrors(err.fieldErrors);
        const unplaced = err.errors.filter((x) => !PLACED.test(x.path)).map((x) => x.message);
        setBanner(unplaced.length ? unplaced.join(' ') : null);
      } else if (isApiError(err) && err.status < 500) setBanner(err.detail || err.title);
      else notifyError(err, 'Could not save the campaign');
    };
    const onSuccess = (c: Campaign) => {
      setErrors({});
      if (campaign) {
        setDraft(draftOf(c));
        setLoadedStatus(c.status);
      }
      onSaved(c);
    };
    if (campaign) update.mutate({ id: campaign.id, ...body() }, { onSuccess, onError });
    else create.mutate(body(), { onSuccess, onError });
  };

  const webService = d.loading === 'web_service';
  const secretSet = !!campaign?.webService?.secretSet;

  return (
    <form onSubmit={submit} noValidate data-testid="campaign-form">
      <Stack gap="lg">
        {(banner || Object.keys(errors).length > 0) && (
          <Alert
            color="red"
            icon={<IconAlertCircle size={18} />}
            role="alert"
            data-testid="campaign-form-error"
          >
            {banner ?? 'Some settings need a look: see the messages below.'}
          </Alert>
        )}

        <Section title="Campaign">
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="e.g. Spring renewals"
            value={d.name}
            onChange={(e) => set({ name: e.currentTarget.value }, 'name')}
            error={at('name')}
          />
          <Input.Wrapper label="Channels" required error={at('channels', true)}>
            <Chip.Group
              multiple
              value={d.channels}
              onChange={(v) => {
                const channels = CAMPAIGN_CHANNELS.filter((c) => v.includes(c));
                set({ channels, rules: withChannels(d.rules, channels) }, 'channels', 'addressRules');
              }}
            >
              <Group gap="xs" mt={6} data-testid="campaign-channels">
                {CAMPAIGN_CHANNELS.map((c) => (
                  <Chip key={c} value={c} size="sm">
                    {CAMPAIGN_CHANNEL_LABELS[c]}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </Input.Wrapper>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Input.Wrapper label="Status" error={at('status')}>
              <SegmentedControl
                fullWidth
                mt={4}
                aria-label="Status"
                value={d.status}
                onChange={(v) => set({ status: v as CampaignStatus }, 'status')}
                data={(['active', 'paused', 'completed'] as const).map((s) => ({
                  value: s,
                  label: STATUS_LABELS[s],
                }))}
              />
            </Input.Wrapper>
            <Input.Wrapper label="Contacts come from" error={at('loading')}>
              <SegmentedControl
                fullWidth
                mt={4}
                aria-label="Contacts come from"
                value={d.loading}
                onChange={(v) => set({ loading: v as Draft['loading'] }, 'loading', 'webService')}
                data={(['lists', 'web_service'] as const).map((l) => ({
                  value: l,
                  label: LOADING_LABELS[l],
                }))}
              />
            </Input.Wrapper>
          </SimpleGrid>
        </Section>

        {webService && (
          <Section
            title="Web service"
            description="Contacts are fetched from this address. The secret is sent in the header you name, and is never shown again once saved."
          >
            <TextInput
              label="URL"
              required
              placeholder="https://crm.example.com/outbound/contacts"
              value={d.wsUrl}
              onChange={(e) => set({ wsUrl: e.currentTarget.value }, 'webService')}
              error={at('webService.url') ?? at('webService')}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label="Header name"
                placeholder="Authorization"
                value={d.wsHeader}
                onChange={(e) => set({ wsHeader: e.currentTarget.value }, 'webService.headerName')}
                error={at('webService.headerName')}
              />
              {d.secretMode === 'change' ? (
                <PasswordInput
                  label="Secret"
                  inputWrapperOrder={['label', 'input', 'description', 'error']}
                  placeholder={secretSet ? 'A new secret' : 'Optional'}
                  description={
                    secretSet ? (
                      <Button
                        variant="transparent"
                        size="compact-xs"
                        px={0}
                        onClick={() => set({ secretMode: 'keep', secret: '' }, 'webService.secret')}
                      >
                        Keep the current secret
                      </Button>
                    ) : undefined
                  }
                  value={d.secret}
                  onChange={(e) => set({ secret: e.currentTarget.value }, 'webService.secret')}
                  error={at('webService.secret')}
                  autoComplete="new-password"
                />
              ) : (
                <Input.Wrapper label="Secret" error={at('webService.secret')}>
                  <Group gap="xs" mt={4} wrap="nowrap" h={36} data-testid="secret-state">
                    <IconLock size={16} color="var(--mantine-color-dimmed)" />
                    <Text size="sm" c={d.secretMode === 'remove' ? 'red' : undefined}>
                      {d.secretMode === 'remove' ? 'Removed on save' : 'Set'}
                    </Text>
                    <Button size="compact-sm" variant="light" onClick={() => set({ secretMode: 'change' })}>
                      Change
                    </Button>
                    {d.secretMode === 'keep' ? (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() => set({ secretMode: 'remove' })}
                      >
                        Remove
                      </Button>
                    ) : (
                      <Button size="compact-sm" variant="subtle" onClick={() => set({ secretMode: 'keep' })}>
                        Undo
                      </Button>
                    )}
                  </Group>
                </Input.Wrapper>
              )}
              <NumberInput
                label="Timeout (ms)"
                min={100}
                max={30000}
                step={500}
                value={d.wsTimeout}
                onChange={(v) => set({ wsTimeout: v }, 'webService.timeoutMs')}
                error={at('webService.timeoutMs')}
              />
            </SimpleGrid>
            {secretSet && d.secretMode === 'keep' && (
              <Text size="xs" c="dimmed">
                A URL on another host needs the secret again: the saved one is only sent to the same host.
              </Text>
            )}
          </Section>
        )}

        <Section title="Calling window" description="In the contact’s local time.">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TimeInput
              label="Window start"
              value={d.start}
              onChange={(e) => set({ start: e.currentTarget.value }, 'window.start', 'window.end')}
              error={at('window.start')}
            />
            <TimeInput
              label="Window end"
              value={d.end}
              onChange={(e) => set({ end: e.currentTarget.value }, 'window.start', 'window.end')}
              error={at('window.end')}
            />
          </SimpleGrid>
          <Input.Wrapper label="Days" error={at('window.days', true)}>
            <Chip.Group multiple value={d.days} onChange={(v) => set({ days: v }, 'window.days')}>
              <Group gap="xs" mt={6} data-testid="window-days">
                {WEEKDAYS.map((w) => (
                  <Chip key={w.value} value={String(w.value)} size="sm">
                    {w.label}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </Input.Wrapper>
        </Section>

        <Section title="Attempts">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label="Max attempts"
              description="Per entry, across its channels"
              min={1}
              max={100}
              value={d.maxAttempts}
              onChange={(v) => set({ maxAttempts: v }, 'maxAttempts')}
              error={at('maxAttempts')}
            />
            <NumberInput
              label="Lease (seconds)"
              description="How long a dialer holds an entry before it is handed out again"
              min={30}
              max={3600}
              value={d.leaseSeconds}
              onChange={(v) => set({ leaseSeconds: v }, 'leaseSeconds')}
              error={at('leaseSeconds')}
            />
          </SimpleGrid>
          <Input.Wrapper label="Wait before trying again (minutes)">
            <SimpleGrid cols={{ base: 2, sm: 4 }} mt={4}>
              {RETRY_RESULTS.map((r) => (
                <NumberInput
                  key={r}
                  label={RETRY_LABELS[r]}
                  size="sm"
                  min={0}
                  max={43200}
                  value={d.retry[r]}
                  onChange={(v) => set({ retry: { ...d.retry, [r]: v } }, `retryMinutes.${r}`)}
                  error={at(`retryMinutes.${r}`)}
                />
              ))}
            </SimpleGrid>
          </Input.Wrapper>
          <Switch
            label="Close an entry only when every channel is reached"
            description="Off: reaching the contact on one channel closes the entry."
            checked={d.closeWhenAllReached}
            onChange={(e) => set({ closeWhenAllReached: e.currentTarget.checked }, 'closeWhenAllReached')}
            error={at('closeWhenAllReached')}
          />
        </Section>

        <Section title="Addresses">
          <AddressRulesEditor
            rules={d.rules}
            channels={d.channels}
            onChange={(rules) => set({ rules }, 'addressRules')}
            error={at('addressRules')}
            errorAt={(i, f) => at(`addressRules.${i}.${f}`)}
          />
        </Section>

        <Group justify="flex-end" gap="sm" className={stickyFooter ? 'modal-footer' : undefined} py="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          {campaign && (
            <Button
              variant="default"
              disabled={pending}
              onClick={() => {
                setDraft(draftOf(campaign));
                setLoadedStatus(campaign.status);
                setErrors({});
                setBanner(null);
              }}
            >
              Discard changes
            </Button>
          )}
          <Button type="submit" loading={pending}>
            {campaign ? 'Save settings' : 'Create campaign'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Stack gap="sm">
      <div>
        <Title order={5}>{title}</Title>
        {description && (
          <Text size="xs" c="dimmed">
            {description}
          </Text>
        )}
      </div>
      {children}
    </Stack>
  );
}
