import { Badge, type BadgeProps, Group, Text } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';
import type { Category } from '../../api/types';
import { badgeText, CATEGORY_BADGE, CATEGORY_STYLES } from './categories';

/** The category's shape as a small inline icon, matching the map's symbols. */
export function ShapeIcon({ category, size = 12 }: { category: Category; size?: number }) {
  const { color, shape } = CATEGORY_STYLES[category];
  const common = { fill: color, stroke: '#1f1f1f', strokeWidth: 0.6 };
  let el;
  switch (shape) {
    case 'diamond':
      el = <path d="M5,0 L10,5 L5,10 L0,5 Z" {...common} />;
      break;
    case 'circle':
      el = <circle cx="5" cy="5" r="4.6" {...common} />;
      break;
    case 'square':
      el = <rect x="0.7" y="0.7" width="8.6" height="8.6" {...common} />;
      break;
    case 'triangle':
      el = <path d="M5,0.5 L9.8,9.5 L0.2,9.5 Z" {...common} />;
      break;
    case 'downward triangle':
      el = <path d="M0.2,0.5 L9.8,0.5 L5,9.5 Z" {...common} />;
      break;
    case 'pin':
      // ECharts' pin: a round head tapering to a point below.
      el = <path d="M5,9.8 C3.2,7.4 1.2,5.6 1.2,3.9 A3.8,3.8 0 1,1 8.8,3.9 C8.8,5.6 6.8,7.4 5,9.8 Z" {...common} />;
      break;
    default:
      el = <circle cx="5" cy="5" r="3.6" fill="none" stroke={color} strokeWidth={2.2} />;
  }
  return (
    <svg width={size} height={size} viewBox="0 0 10 10" aria-hidden focusable="false" style={{ flex: 'none' }}>
      {el}
    </svg>
  );
}

/**
 * A light badge whose text keeps 4.5:1 on its tint: Mantine prints light badges in the colour's
 * default shade, which falls short; this darkens the text.
 */
export function LightBadge({ color, children, ...props }: Omit<BadgeProps, 'variant' | 'c'> & { color: string; children: ReactNode }) {
  const [name, shade] = badgeText(color).split('.');
  // Shade 9 alone is 4.4:1 on teal's tint; a fifth of black clears 4.5:1 on every tint.
  const style = { '--badge-color': `color-mix(in srgb, var(--mantine-color-${name}-${shade}) 80%, black)` } as CSSProperties;
  return (
    <Badge variant="light" color={color} {...props} style={{ ...style, ...(props.style as CSSProperties | undefined) }}>
      {children}
    </Badge>
  );
}

export function CategoryBadge({ category }: { category: Category }) {
  return (
    <LightBadge color={CATEGORY_BADGE[category]} leftSection={<ShapeIcon category={category} size={10} />}>
      {CATEGORY_STYLES[category].label}
    </LightBadge>
  );
}

/** A legend row: shape, label and (optionally) a count. */
export function CategoryKey({ category, count }: { category: Category; count?: number }) {
  return (
    <Group gap={6} wrap="nowrap">
      <ShapeIcon category={category} />
      <Text size="sm">
        {CATEGORY_STYLES[category].label}
        {count !== undefined && (
          <Text span c="dimmed" size="sm">
            {' '}
            {count}
          </Text>
        )}
      </Text>
    </Group>
  );
}
