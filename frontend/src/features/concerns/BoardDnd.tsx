import { DndContext, type DragEndEvent, DragOverlay, type DragStartEvent, MouseSensor, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import { Card, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import type { Concern, ConcernStatus } from '../../api/types';
import { CONCERN_STATUS_LABELS } from '../profile/concernStatus';
import { dropTarget } from './board';

/*
 * Dragging a card to another column of the concerns board: the mouse's way to move a
 * concern, beside each card's "Move to…" menu (the way for the keyboard, screen readers and
 * touch screens, which the cards keep). A drop does exactly what choosing that column in the menu does, so a drop
 * on Resolved or Dismissed still asks what changed, or why.
 */

interface Props {
  /** The concerns on the board, by id, and who raised each (for what is announced). */
  concerns: Map<string, Concern>;
  nameOf: (concern: Concern) => string;
  onDrop: (concern: Concern, to: ConcernStatus) => void;
  children: ReactNode;
}

export function BoardDnd({ concerns, nameOf, onDrop, children }: Props) {
  // The mouse only: on a touch screen a finger on a card scrolls the board as before. A press
  // that moves less than this is a click (the card's links and buttons still work).
  const sensors = useSensors(useSensor(MouseSensor, { activationConstraint: { distance: 8 } }));
  const [dragged, setDragged] = useState<Concern | null>(null);
  const concernOf = (id: string | number) => concerns.get(String(id));
  const columnOf = (id: string | number | undefined) => (id === undefined ? null : CONCERN_STATUS_LABELS[id as ConcernStatus]?.toLowerCase());
  return (
    <DndContext
      sensors={sensors}
      onDragStart={({ active }: DragStartEvent) => setDragged(concernOf(active.id) ?? null)}
      onDragCancel={() => setDragged(null)}
      onDragEnd={({ active, over }: DragEndEvent) => {
        setDragged(null);
        const concern = concernOf(active.id);
        const to = concern ? dropTarget(concern, over?.id ?? null) : null;
        if (concern && to) onDrop(concern, to);
      }}
      accessibility={{
        // Cards take no keyboard drag (their menu moves them), so say what does.
        screenReaderInstructions: { draggable: 'Drag a card with the mouse, or use its Move to… menu.' },
        announcements: {
          onDragStart: ({ active }) => `Picked up ${possessive(concernOf(active.id), nameOf)} concern.`,
          onDragOver: ({ over }) => (over ? `Over ${columnOf(over.id)}.` : 'Over no column.'),
          onDragEnd: ({ over }) => (over ? `Dropped on ${columnOf(over.id)}.` : 'Put back.'),
          onDragCancel: () => 'Put back.',
        },
      }}
    >
      {children}
      <DragOverlay dropAnimation={null}>
        {dragged && (
          <Card withBorder shadow="md" p="xs" maw={280} style={{ cursor: 'grabbing' }}>
            <Text size="sm" fw={600}>
              {nameOf(dragged)}
            </Text>
            <Text size="sm" lineClamp={3}>
              {dragged.text}
            </Text>
          </Card>
        )}
      </DragOverlay>
    </DndContext>
  );
}

function possessive(concern: Concern | undefined, nameOf: (c: Concern) => string): string {
  return concern ? `${nameOf(concern)}’s` : 'a';
}

/** A column cards can be dropped on: its ref, and whether a card is over it now. */
export function useDropColumn(status: ConcernStatus) {
  const { setNodeRef, isOver, active } = useDroppable({ id: status });
  return { setNodeRef, isOver, dragging: active !== null };
}

/** A card that can be picked up (a lead's): its ref, the pointer handlers and whether it is
 * being dragged. No role or tab stop is added: the keyboard moves it with its menu. */
export function useDragCard(concern: Concern, enabled: boolean) {
  const { setNodeRef, listeners, isDragging } = useDraggable({ id: concern.id, disabled: !enabled });
  return { setNodeRef, listeners: enabled ? listeners : undefined, isDragging };
}
