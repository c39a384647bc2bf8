import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AppLayout } from './layout/AppLayout';
import { AuthGate, PublicGate, RequireManager } from './layout/gates';
import { SetupPage } from './pages/auth/SetupPage';
import { SignInPage } from './pages/auth/SignInPage';
import { ContactsPage } from './pages/contacts/ContactsPage';
import { NotFoundPage } from './pages/NotFoundPage';

// The contacts list is where everyone lands; other pages load on first visit (admin pages
// also bring the shared Zod schemas they validate with).
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
          {
            path: '/contacts/:id',
            lazy: () => import('./pages/contacts/ContactPage').then((m) => ({ Component: m.ContactPage })),
          },
          {
            path: '/imports',
            lazy: () => import('./pages/imports/ImportsPage').then((m) => ({ Component: m.ImportsPage })),
          },
          {
            path: '/imports/new',
            lazy: () =>
              import('./pages/imports/ImportWizardPage').then((m) => ({ Component: m.ImportWizardPage })),
          },
          {
            path: '/imports/:id',
            lazy: () => import('./pages/imports/ImportPage').then((m) => ({ Component: m.ImportPage })),
          },
          {
            path: '/groups',
            lazy: () => import('./pages/groups/GroupsPage').then((m) => ({ Component: m.GroupsPage })),
          },
          {
            path: '/groups/:id',
            lazy: () => import('./pages/groups/GroupPage').then((m) => ({ Component: m.GroupPage })),
          },
          {
            path: '/segments',
            lazy: () => import('./pages/segments/SegmentsPage').then((m) => ({ Component: m.SegmentsPage })),
          },
          {
            path: '/tags',
            lazy: () => import('./pages/tags/TagsPage').then((m) => ({ Component: m.TagsPage })),
          },
          {
            path: '/blocked',
            lazy: () => import('./pages/contacts/BlockedPage').then((m) => ({ Component: m.BlockedPage })),
          },
          {
            element: <RequireManager />,
            children: [
              {
                path: '/optouts',
                lazy: () => import('./pages/optouts/OptOutsPage').then((m) => ({ Component: m.OptOutsPage })),
              },
              {
                path: '/campaigns/*',
                lazy: () =>
                  import('./pages/campaigns/CampaignRoutes').then((m) => ({ Component: m.CampaignRoutes })),
              },
              {
                path: '/duplicates',
                lazy: () =>
                  import('./pages/duplicates/DuplicatesPage').then((m) => ({ Component: m.DuplicatesPage })),
              },
              {
                path: '/fields',
                lazy: () => import('./pages/admin/FieldsPage').then((m) => ({ Component: m.FieldsPage })),
              },
              {
                path: '/users',
                lazy: () => import('./pages/admin/UsersPage').then((m) => ({ Component: m.UsersPage })),
              },
              {
                path: '/api-keys',
                lazy: () => import('./pages/admin/ApiKeysPage').then((m) => ({ Component: m.ApiKeysPage })),
              },
              {
                path: '/settings',
                lazy: () => import('./pages/admin/SettingsPage').then((m) => ({ Component: m.SettingsPage })),
              },
              {
                path: '/webhooks',
                lazy: () => import('./pages/admin/WebhooksPage').then((m) => ({ Component: m.WebhooksPage })),
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
