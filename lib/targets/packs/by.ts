import { definePack } from '../pack';
import { GLOBAL_CONTROLS, TOR_AND_PSIPHON } from './shared-entries';

/** Belarus. Each group says why its sites are here and which source documents the block. */
export const byPack = definePack(
  {
    id: 'by',
    name: 'Belarus',
    country: 'BY',
    sources: [
      'https://ooni.org/post/2020-belarus-internet-outages-website-censorship/',
      'https://www.hrw.org/news/2020/08/28/belarus-internet-disruptions-online-censorship',
      'https://baj.media/en/belarusian-authorities-block-access-three-news-websites',
      'https://github.com/citizenlab/test-lists/blob/master/lists/by.csv',
    ],
  },
  {
    // During the 9–12 Aug 2020 outages, DPI reportedly blocked TLS traffic to messaging apps,
    // social media and VPNs at scale (OONI's 2020 report, written with Human Constanta and the
    // Digital Observers Community Belarus). Telegram kept working and carried the protests.
    social: [
      ['https://www.facebook.com/', 'Facebook'],
      ['https://www.instagram.com/', 'Instagram'],
      ['https://x.com/', 'X (Twitter)'],
      ['https://www.youtube.com/', 'YouTube'],
      ['https://vk.com/', 'VK'],
    ],
    messengers: [
      ['https://web.telegram.org/', 'Telegram Web'],
      ['https://web.whatsapp.com/', 'WhatsApp Web'],
      ['https://signal.org/', 'Signal'],
      ['https://www.viber.com/', 'Viber'],
    ],
    news: [
      // Blocked from Aug 2020, confirmed by blockpages or TLS resets in OONI data (2020).
      ['https://charter97.org/', 'Charter 97'],
      ['https://www.svaboda.org/', 'Radio Svaboda'],
      ['https://belsat.eu/', 'Belsat'],
      ['https://euroradio.fm/', 'Euroradio'],
      ['https://zona.media/', 'Mediazona'],
      // Successors of TUT.BY and Nasha Niva's nn.by after their blocking, themselves reported
      // blocked (Citizen Lab BY list: zerkalo.io 2021, nashaniva.com 2022).
      ['https://www.zerkalo.io/', 'Zerkalo'],
      ['https://nashaniva.com/', 'Nasha Niva'],
      // Blocked by the information ministry on 28 Oct 2021 (BAJ).
      ['https://www.dw.com/ru/', 'DW Russian'],
      ['https://www.currenttime.tv/', 'Current Time'],
    ],
    circumvention: [
      ...TOR_AND_PSIPHON,
      ['https://protonvpn.com/', 'Proton VPN'],
      // "Recommended by liberal BY orgs" — Citizen Lab BY list (ANON).
      ['https://browsec.com/', 'Browsec'],
    ],
    // The President, the state legal portal and news agency, and the largest state bank: what
    // stays reachable when only approved sites answer.
    'control-domestic': [
      ['https://president.gov.by/', 'President of Belarus'],
      ['https://pravo.by/', 'Pravo.by (legal portal)'],
      ['https://www.belta.by/', 'BelTA'],
      ['https://belarusbank.by/', 'Belarusbank'],
    ],
    'control-global': GLOBAL_CONTROLS,
  },
);
