import { describe, expect, it } from 'vitest';
import { adminConfig } from './admin-config.js';

describe('adminConfig', () => {
  it('is off without a key from the flags or the file', () => {
    expect(adminConfig({}, undefined, {})).toBeUndefined();
    expect(adminConfig({ adminKey: '' }, { allowRemote: true }, {})).toBeUndefined();
  });

  it('takes the key from the flags first, then from the variable the file names', () => {
    expect(adminConfig({ adminKey: 'from-flag' }, { keyEnv: 'K' }, { K: 'from-env' })?.key).toBe('from-flag');
    expect(adminConfig({}, { keyEnv: 'K', allowRemote: true, ringMiB: 8 }, { K: 'from-env' })).toEqual({ key: 'from-env', allowRemote: true, ringBytes: 8 * 1024 * 1024 });
    expect(adminConfig({ adminKey: 'k', adminRemote: false, adminRingMib: 2 }, { allowRemote: true, ringMiB: 8 }, {})).toEqual({ key: 'k', allowRemote: false, ringBytes: 2 * 1024 * 1024 });
  });

  it('names the file and the variable when the variable is not set', () => {
    expect(() => adminConfig({}, { keyEnv: 'MISSING' }, {}, 'relay.yaml')).toThrow('relay.yaml: admin.keyEnv names the environment variable MISSING, which is not set');
  });
});
