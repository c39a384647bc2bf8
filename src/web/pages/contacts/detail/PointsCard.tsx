import { Badge, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconAt,
  IconBrandFacebook,
  IconBrandLinkedin,
  IconBrandTelegram,
  IconBrandWechat,
  IconBrandWhatsapp,
  IconBrandX,
  IconMessage,
  IconPhone,
  IconWorld,
  IconDots,
} from '@tabler/icons-react';
import type { Channel, Contact } from '../../../api/types';
import { CHANNEL_LABELS, humanize } from '../../../lib/constants';
import { displayPhone } from '../../../lib/phone';

const ICONS: Record<Channel, typeof IconPhone> = {
  phone: IconPhone,
  sms: IconMessage,
  email: IconAt,
  whatsapp: IconBrandWhatsapp,
  wechat: IconBrandWechat,
  facebook: IconBrandFacebook,
  twitter: IconBrandX,
  linkedin: IconBrandLinkedin,
  telegram: IconBrandTelegram,
  web: IconWorld,
  other: IconDots,
};

const isPhone = (ch: string) => ch === 'phone' || ch === 'sms' || ch === 'whatsapp';

export function PointsCard({ contact }: { contact: Contact }) {
  return (
    <Card data-testid="points">
      <Group justify="space-between" mb="md">
        <Title order={4}>Contact points</Title>
        <Text size="sm" c="dimmed">
          {contact.points.filter((p) => p.status === 'active').length} of {contact.points.length} active
        </Text>
      </Group>
      {contact.points.length === 0 ? (
        <Text size="sm" c="dimmed">
          No phone numbers, emails or messenger IDs yet. Edit the contact to add one.
        </Text>
      ) : (
        <Stack gap="sm">
          {contact.points.map((p) => {
            const Icon = ICONS[p.channel as Channel] ?? IconDots;
            const optedOut = p.status === 'opted_out';
            return (
              <Group key={p.id} justify="space-between" wrap="nowrap" data-testid="point">
                <Group gap="sm" wrap="nowrap" miw={0}>
                  <ThemeIcon variant="light" color={optedOut ? 'gray' : 'brand'} radius="xl" size={34}>
                    <Icon size={17} />
                  </ThemeIcon>
                  <Stack gap={0} miw={0}>
                    <Text size="sm" fw={500} truncate td={optedOut ? 'line-through' : undefined}>
                      {isPhone(p.channel) ? displayPhone(p.normalized || p.value) : p.value}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {CHANNEL_LABELS[p.channel as Channel] ?? p.channel} · {humanize(p.label)}
                    </Text>
                  </Stack>
                </Group>
                <Badge variant="light" color={optedOut ? 'red' : 'teal'} style={{ flex: 'none' }}>
                  {optedOut ? 'Opted out' : 'Active'}
                </Badge>
              </Group>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
