import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AgentManagementPage } from './pages/settings/AgentManagement.js';
import { ApiError } from './api.js';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { RequireAuth, type Role } from './auth.js';
import { Layout } from './components/Layout.js';
import './i18n.js';
import { ConversationPage } from './pages/Conversation.js';
import { Login } from './pages/Login.js';
import { Responses } from './pages/Responses.js';
import { ChannelsPage } from './pages/settings/Channels.js';
import { DivisionsPage, TokensPage, UsersPage } from './pages/settings/People.js';
import { AlertsPage, OfficeHoursPage } from './pages/settings/TimeAndAlerts.js';
import { TagsPage } from './pages/settings/Tags.js';
import { WebhooksPage } from './pages/settings/Webhooks.js';
import { Dashboard } from './pages/Dashboard.js';
import { SurveySettingsPage } from './pages/settings/SurveySettings.js';
import { InboxSettingsPage } from './pages/settings/InboxSettings.js';
import { ScorecardPage } from './pages/Scorecard.js';
import './styles.css';
import { ContactFieldsPage } from './pages/settings/Contacts.js';
import { TicketPage } from './pages/settings/Ticket.js';
import { ReportEmailsPage } from './pages/settings/ReportEmails.js';
import { BroadcastsPage } from './pages/Broadcasts.js';

// A session that ended (expired, signed out elsewhere) sends the user to sign in, then back here.
const queryCache = new QueryCache({
  onError: (err) => {
    if (err instanceof ApiError && err.status === 401 && window.location.pathname !== '/login') {
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    }
  },
});
const client = new QueryClient({ queryCache, defaultOptions: { queries: { refetchOnWindowFocus: false, retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 1 } } });

const page = (el: ReactNode, role: Role = 'agent') => <RequireAuth role={role}>{() => <Layout>{el}</Layout>}</RequireAuth>;

const router = createBrowserRouter([
  { path: '/login', element: <Login /> },
  { path: '/', element: page(<Dashboard />) },
  { path: '/responses', element: page(<Responses />) },
  { path: '/conversations/:id', element: page(<ConversationPage />) },
  { path: '/settings', element: <Navigate to="/settings/survey" replace /> },
  { path: '/settings/survey', element: page(<SurveySettingsPage />, 'admin') },
  { path: '/settings/channels', element: page(<ChannelsPage />, 'admin') },
  { path: '/settings/users', element: page(<UsersPage />, 'admin') },
  { path: '/settings/divisions', element: page(<DivisionsPage />, 'admin') },
  { path: '/settings/office-hours', element: page(<OfficeHoursPage />, 'admin') },
  { path: '/settings/alerts', element: page(<AlertsPage />, 'admin') },
  { path: '/settings/tags', element: page(<TagsPage />, 'admin') },
  { path: '/settings/webhooks', element: page(<WebhooksPage />, 'admin') },
  { path: '/settings/tokens', element: page(<TokensPage />, 'admin') },
  { path: '/settings/inbox', element: page(<InboxSettingsPage />, 'admin') },
  { path: '/settings/agents', element: page(<AgentManagementPage />, 'admin') },
  { path: '/settings/contact-fields', element: page(<ContactFieldsPage />, 'admin') },
  { path: '/settings/ticket', element: page(<TicketPage />, 'admin') },
  { path: '/settings/report-emails', element: page(<ReportEmailsPage />, 'admin') },
  { path: '/agents/:id', element: page(<ScorecardPage />) },
  { path: '/broadcasts', element: page(<BroadcastsPage />) },
  { path: '*', element: <Navigate to="/" replace /> },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
