import { notifications } from '@mantine/notifications';

// The close button's accessible name comes from the theme (src/app/theme.ts), for every toast.
export function notifyDone(message: string) {
  notifications.show({ color: 'teal', message });
}

export function notifyFailed(title: string, message: string) {
  notifications.show({ color: 'red', title, message });
}
