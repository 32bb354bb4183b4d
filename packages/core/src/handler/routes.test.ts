import { describe, expect, it } from 'vitest';
import { FRONT_DOORS } from '../protocols/front-doors.js';
import { ROUTES } from './routes.js';

describe('ROUTES', () => {
  it("holds every front door's routes, each matched before any shorter route it ends with", () => {
    for (const door of FRONT_DOORS) {
      expect(ROUTES.find((route) => route.suffix === door.path)).toMatchObject({ route: door.route, method: 'POST', door });
      if (door.countTokens !== undefined) expect(ROUTES.find((route) => route.suffix === door.countTokens?.path)).toMatchObject({ route: 'count_tokens', door });
    }
    ROUTES.forEach((route, i) => {
      for (const later of ROUTES.slice(i + 1)) expect(later.suffix.endsWith(route.suffix)).toBe(false);
    });
    const first = (path: string) => ROUTES.find((route) => path.endsWith(route.suffix))?.route;
    expect([first('/v1/messages/count_tokens'), first('/v1/messages'), first('/openai/v1/chat/completions'), first('/health')]).toEqual(['count_tokens', 'messages', 'chat', 'health']);
  });
});
