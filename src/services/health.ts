import { ping } from '../store/database.js';
import type { Roster } from './context.js';

export const databaseReachable = (roster: Roster): Promise<boolean> => ping(roster.database.db);
