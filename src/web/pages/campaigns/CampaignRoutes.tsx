import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../NotFoundPage';
import { CampaignPage } from './CampaignPage';
import { CampaignsPage } from './CampaignsPage';
import { ListPage } from './ListPage';

/** Everything under /campaigns, loaded together on first visit. */
export function CampaignRoutes() {
  return (
    <Routes>
      <Route index element={<CampaignsPage />} />
      <Route path=":id" element={<CampaignPage tab="lists" />} />
      <Route path=":id/settings" element={<CampaignPage tab="settings" />} />
      <Route path=":id/lists/:listId" element={<ListPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
