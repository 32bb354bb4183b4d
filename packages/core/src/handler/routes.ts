import type { RelayRoute } from '../plugins/relay-plugin.js';
import type { FrontDoor } from '../protocols/front-door.js';
import { FRONT_DOORS } from '../protocols/front-doors.js';

export interface Route {
  suffix: string;
  route: RelayRoute;
  method: string;
  /** The protocol spoken on this route; none for health and the model list. */
  door?: FrontDoor;
}

const DOOR_ROUTES = FRONT_DOORS.flatMap((door): Route[] => [
  ...(door.countTokens === undefined ? [] : [{ suffix: door.countTokens.path, route: 'count_tokens' as const, method: 'POST', door }]),
  { suffix: door.path, route: door.route, method: 'POST', door },
]);

const OTHER_ROUTES: Route[] = [
  { suffix: '/models', route: 'models', method: 'GET' },
  { suffix: '/health', route: 'health', method: 'GET' },
];

/** Matched by suffix in order, longest first, so a door's token count (`/messages/count_tokens`) comes before its conversations (`/messages`). */
export const ROUTES: readonly Route[] = [...DOOR_ROUTES, ...OTHER_ROUTES].sort((a, b) => b.suffix.length - a.suffix.length);

/** The routes as a sentence for a 404: what the relay serves. */
export const ROUTE_LIST = ROUTES.map((route) => `${route.method} ${route.route === 'health' ? '' : '/v1'}${route.suffix}`).join(', ');
