import { notifications } from '@mantine/notifications';

// Mantine's notification close button has no accessible name by default (axe: button-name).
const closeButtonProps = { 'aria-label': 'Dismiss' };

export function notifyDone(message: string) {
  notifications.show({ color: 'teal', message, closeButtonProps });
}

export function notifyFailed(title: string, message: string) {
  notifications.show({ color: 'red', title, message, closeButtonProps });
}
