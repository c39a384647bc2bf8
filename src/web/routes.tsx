import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AppLayout } from './layout/AppLayout';
import { AuthGate, PublicGate, RequireManager } from './layout/gates';
import { SetupPage } from './pages/auth/SetupPage';
import { SignInPage } from './pages/auth/SignInPage';
import { ContactsPage } from './pages/contacts/ContactsPage';
import { ContactPage } from './pages/contacts/ContactPage';
import { FieldsPage } from './pages/admin/FieldsPage';
import { UsersPage } from './pages/admin/UsersPage';
import { ApiKeysPage } from './pages/admin/ApiKeysPage';
import { SettingsPage } from './pages/admin/SettingsPage';
import { NotFoundPage } from './pages/NotFoundPage';

export const router = createBrowserRouter([
  {
    element: <PublicGate />,
    children: [
      { path: '/setup', element: <SetupPage /> },
      { path: '/sign-in', element: <SignInPage /> },
    ],
  },
  {
    element: <AuthGate />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <Navigate to="/contacts" replace /> },
          { path: '/contacts', element: <ContactsPage /> },
          { path: '/contacts/:id', element: <ContactPage /> },
          {
            element: <RequireManager />,
            children: [
              { path: '/fields', element: <FieldsPage /> },
              { path: '/users', element: <UsersPage /> },
              { path: '/api-keys', element: <ApiKeysPage /> },
              { path: '/settings', element: <SettingsPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
