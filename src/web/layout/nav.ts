import { IconAddressBook, IconForms, IconKey, IconSettings, IconUsers, type Icon } from '@tabler/icons-react';
import {
  IconBan,
  IconCopy,
  IconFileImport,
  IconFilterStar,
  IconSpeakerphone,
  IconTags,
  IconUserOff,
  IconUsersGroup,
  IconWebhook,
} from '@tabler/icons-react';

export interface NavItem {
  to: string;
  label: string;
  icon: Icon;
  section: 'main' | 'admin';
  /** Hidden from agents (the server enforces the same rule). */
  managersOnly?: boolean;
}

// Later modules (groups, imports, campaigns…) add their pages here.
export const NAV_ITEMS: NavItem[] = [
  { to: '/contacts', label: 'Contacts', icon: IconAddressBook, section: 'main' },
  { to: '/groups', label: 'Groups', icon: IconUsersGroup, section: 'main' },
  { to: '/segments', label: 'Segments', icon: IconFilterStar, section: 'main' },
  { to: '/tags', label: 'Tags', icon: IconTags, section: 'main' },
  { to: '/imports', label: 'Imports', icon: IconFileImport, section: 'main' },
  { to: '/blocked', label: 'Blocked', icon: IconUserOff, section: 'main' },
  { to: '/optouts', label: 'Opt-outs', icon: IconBan, section: 'main', managersOnly: true },
  { to: '/campaigns', label: 'Campaigns', icon: IconSpeakerphone, section: 'main', managersOnly: true },
  { to: '/duplicates', label: 'Duplicates', icon: IconCopy, section: 'main', managersOnly: true },
  { to: '/fields', label: 'Fields', icon: IconForms, section: 'admin', managersOnly: true },
  { to: '/users', label: 'Users', icon: IconUsers, section: 'admin', managersOnly: true },
  { to: '/api-keys', label: 'API keys', icon: IconKey, section: 'admin', managersOnly: true },
  { to: '/settings', label: 'Settings', icon: IconSettings, section: 'admin', managersOnly: true },
  { to: '/webhooks', label: 'Webhooks', icon: IconWebhook, section: 'admin', managersOnly: true },
];
