import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';
import { tariffBoard, tariffPoster } from './board';

/** The office tariff tables on record (the request service prices with them, hub/request/), and the tariff in force as the board and the poster show it. */
export const tariffHandlers: HandlerGroup<'tariff'> = (hub) => {
  const { requests } = hub;
  return {
    'tariff.tables': () => ({ tables: requests.tables() }),
    'tariff.addTable': (input, ctx) => ({ tables: requests.addTable(input, staffOf(ctx)) }),
    'tariff.board': () => tariffBoard(hub),
    'tariff.poster': () => tariffPoster(hub),
  };
};
