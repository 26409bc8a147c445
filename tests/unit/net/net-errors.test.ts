import { describe, expect, it } from 'vitest';
import { netErrorFamily } from '../../../lib/net';

describe('browser error strings', () => {
  it('reads a reset in every spelling the browsers give, ENOTCONN included', () => {
    for (const error of [
      'net::ERR_CONNECTION_RESET',
      'net::ERR_SOCKET_NOT_CONNECTED',
      'NS_ERROR_NET_RESET',
      'PR_CONNECT_RESET_ERROR',
    ])
      expect(netErrorFamily(error), error).toBe('reset');
  });
});
