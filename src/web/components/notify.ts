import { notifications } from '@mantine/notifications';
import { errorMessage } from '../api/client';

export const notifySuccess = (message: string, title?: string) =>
  notifications.show({ color: 'teal', title, message, autoClose: 3500 });

export const notifyError = (e: unknown, title = 'Something went wrong') =>
  notifications.show({ color: 'red', title, message: errorMessage(e), autoClose: 7000 });
