import type { Roster } from '../../services/context.js';
import type { Messenger } from '../../services/messages/index.js';

/** What every page route needs, made once when the pages are registered. */
export interface PagesContext {
  roster: Roster;
  messenger: Messenger;
  customTheme: boolean;
}
