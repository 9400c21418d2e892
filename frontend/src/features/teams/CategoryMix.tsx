import { ColorSwatch, Group, Progress, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { Category } from '../../api/types';
import { CATEGORY_STYLES, categoriesFor } from '../scores/categories';

/** "3 champions, 1 supporter, …": the mix in words, most supportive first, empty categories left out. */
export function mixInWords(counts: Record<string, number>, viewer: boolean): string {
  const parts = categoriesFor(viewer)
    .filter((c) => (counts[c] ?? 0) > 0)
    .map((c) => `${counts[c]} ${CATEGORY_STYLES[c].label.toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'nobody yet';
}

/**
 * A team's people by category as one stacked bar, most supportive on the left, in the map's
 * colours. The bar is for the eye (each part names itself on hover); screen readers get the
 * same numbers in words.
 */
export function CategoryMix({ counts, viewer }: { counts: Record<string, number>; viewer: boolean }) {
  const categories: Category[] = categoriesFor(viewer);
  const total = categories.reduce((sum, c) => sum + (counts[c] ?? 0), 0);
  if (total === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nobody yet
      </Text>
    );
  }
  return (
    <>
      <Progress.Root size={14} miw={160} aria-hidden>
        {categories
          .filter((c) => (counts[c] ?? 0) > 0)
          .map((c) => (
            <Tooltip key={c} label={`${CATEGORY_STYLES[c].label}: ${counts[c]}`} withArrow>
              <Progress.Section value={(100 * (counts[c] ?? 0)) / total} color={CATEGORY_STYLES[c].color} />
            </Tooltip>
          ))}
      </Progress.Root>
      <VisuallyHidden>{mixInWords(counts, viewer)}</VisuallyHidden>
    </>
  );
}

/** What the bar's colours mean, most supportive first (the text summary covers screen readers). */
export function CategoryMixLegend({ viewer }: { viewer: boolean }) {
  return (
    <Group gap="md" mt="xs" aria-hidden>
      <Text size="xs" c="dimmed">
        Where they stand:
      </Text>
      {categoriesFor(viewer).map((c) => (
        <Group key={c} gap={4} wrap="nowrap">
          <ColorSwatch color={CATEGORY_STYLES[c].color} size={10} radius={2} withShadow={false} />
          <Text size="xs">{CATEGORY_STYLES[c].label}</Text>
        </Group>
      ))}
    </Group>
  );
}
