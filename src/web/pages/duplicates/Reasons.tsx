import { Badge, Group } from '@mantine/core';
import type { DuplicateReason } from '../../api/duplicates';

/** A score as a percentage: never "100%", the engine is never certain. */
export const matchPercent = (score: number) => `${Math.min(99, Math.round(score * 100))}%`;

/** "97% match" with the reasons behind it, evidence against in red. */
export function MatchEvidence({ score, reasons }: { score: number; reasons: DuplicateReason[] }) {
  return (
    <Group gap={6} data-testid="match-evidence">
      <Badge color={score >= 0.95 ? 'orange' : 'yellow'} variant="filled" data-testid="match-score">
        {matchPercent(score)} match
      </Badge>
      {reasons.map((r) => (
        <Badge
          key={`${r.code}:${r.detail}`}
          color={r.against ? 'red' : 'gray'}
          variant="light"
          tt="none"
          fw={500}
          data-testid="match-reason"
        >
          {r.text}
        </Badge>
      ))}
    </Group>
  );
}
