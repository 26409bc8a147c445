import { describe, expect, it } from 'vitest';
import { toTlsObservation } from '../../../lib/engine/firefox-tls';

describe('Firefox security info', () => {
  it('reads isBuiltInRoot from the root certificate at the end of the chain', () => {
    const tls = toTlsObservation({
      state: 'secure',
      certificates: [
        { subject: 'CN=intercept.lab.test', issuer: 'CN=Qaznet Trust Network Lab' },
        {
          subject: 'CN=Qaznet Trust Network Lab',
          issuer: 'CN=Qaznet Trust Network Lab',
          isBuiltInRoot: false,
        },
      ],
    });
    expect(tls.isBuiltInRoot).toBe(false);
    expect(tls.chain).toHaveLength(2);
  });

  it('leaves isBuiltInRoot unknown when Firefox gave no chain', () => {
    expect(toTlsObservation({ state: 'broken', errorMessage: 'SEC_ERROR_UNKNOWN_ISSUER' })).toMatchObject({
      state: 'broken',
      isBuiltInRoot: undefined,
      errorMessage: 'SEC_ERROR_UNKNOWN_ISSUER',
    });
  });
});
