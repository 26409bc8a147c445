import { definePack } from '../pack';
import { GLOBAL_CONTROLS, TOR_AND_PSIPHON } from './shared-entries';

/**
 * For anywhere without its own pack: the platforms, messengers, international news and
 * circumvention tools most often blocked worldwide, all drawn from the categories of Citizen
 * Lab's global list (GRP, MMED, COMT, NEWS, ANON). It has no domestic control, since "domestic"
 * needs a country: on its own it can tell a shutdown from a block, but not a whitelist.
 */
export const globalPack = definePack(
  {
    id: 'global',
    name: 'Global',
    sources: [
      'https://github.com/citizenlab/test-lists/blob/master/lists/global.csv',
      'https://explorer.ooni.org/',
    ],
  },
  {
    social: [
      ['https://www.facebook.com/', 'Facebook'],
      ['https://www.instagram.com/', 'Instagram'],
      ['https://x.com/', 'X (Twitter)'],
      ['https://www.youtube.com/', 'YouTube'],
      ['https://www.tiktok.com/', 'TikTok'],
    ],
    messengers: [
      ['https://web.whatsapp.com/', 'WhatsApp Web'],
      ['https://web.telegram.org/', 'Telegram Web'],
      ['https://signal.org/', 'Signal'],
      ['https://www.messenger.com/', 'Facebook Messenger'],
    ],
    news: [
      ['https://www.bbc.com/', 'BBC News'],
      ['https://www.dw.com/', 'DW'],
      ['https://www.reuters.com/', 'Reuters'],
      ['https://www.nytimes.com/', 'The New York Times'],
      ['https://www.rferl.org/', 'RFE/RL'],
    ],
    circumvention: [
      ...TOR_AND_PSIPHON,
      ['https://getoutline.org/', 'Outline VPN'],
      ['https://protonvpn.com/', 'Proton VPN'],
    ],
    'control-global': GLOBAL_CONTROLS,
  },
);
