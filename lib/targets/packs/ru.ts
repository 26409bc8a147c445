import { definePack } from '../pack';
import { GLOBAL_CONTROLS, TOR_AND_PSIPHON } from './shared-entries';

/** Russia. Each group says why its sites are here and which source documents the block. */
export const ruPack = definePack(
  {
    id: 'ru',
    name: 'Russia',
    country: 'RU',
    sources: [
      'https://ooni.org/post/2021-russia-blocks-tor/',
      'https://ooni.org/post/2022-russia-blocks-amid-ru-ua-conflict/',
      'https://ooni.org/post/2023-russia-a-year-after-the-conflict/',
      'https://ooni.org/post/2024-russia-report/',
      'https://roskomsvoboda.org/post/rks-ooni-odin-god/',
      'https://pulse.internetsociety.org/shutdowns/incremental-service-limitation-in-russia',
      'https://github.com/citizenlab/test-lists/blob/master/lists/ru.csv',
    ],
  },
  {
    // Twitter throttled from 26 Feb 2022 and blocked with Facebook by 4 Mar 2022; Instagram from
    // 13 Mar 2022 (OONI, 2022; Internet Society Pulse). YouTube slowed from summer 2024 (Pulse,
    // 19 Aug 2024). LinkedIn has been blocked by court order since 2016.
    social: [
      ['https://www.facebook.com/', 'Facebook'],
      ['https://www.instagram.com/', 'Instagram'],
      ['https://x.com/', 'X (Twitter)'],
      ['https://www.youtube.com/', 'YouTube'],
      ['https://www.linkedin.com/', 'LinkedIn'],
    ],
    // Roskomnadzor blocked Signal on 9 Aug 2024 (AP, Reuters), Discord in Oct 2024 and Viber on
    // 13 Dec 2024 (Roskomnadzor's own announcements). Telegram was blocked from 2018 to 2020.
    // Messenger falls with Facebook.
    messengers: [
      ['https://web.telegram.org/', 'Telegram Web'],
      ['https://web.whatsapp.com/', 'WhatsApp Web'],
      ['https://signal.org/', 'Signal'],
      ['https://www.viber.com/', 'Viber'],
      ['https://discord.com/', 'Discord'],
      ['https://www.messenger.com/', 'Facebook Messenger'],
    ],
    // Independent Russian and foreign Russian-language media blocked since March 2022: OONI
    // confirmed 139 news domains blocked by Feb 2023 and 279 by Sep 2024, Meduza, BBC and DW
    // among them (OONI with Roskomsvoboda, 2023; with RKS Global, 2024).
    news: [
      ['https://meduza.io/', 'Meduza'],
      ['https://tvrain.tv/', 'TV Rain (Dozhd)'],
      ['https://novayagazeta.eu/', 'Novaya Gazeta Europe'],
      ['https://zona.media/', 'Mediazona'],
      ['https://theins.ru/', 'The Insider'],
      ['https://www.themoscowtimes.com/', 'The Moscow Times'],
      ['https://www.svoboda.org/', 'Radio Svoboda'],
      ['https://www.currenttime.tv/', 'Current Time'],
      ['https://www.bbc.com/russian', 'BBC News Russian'],
      ['https://www.dw.com/ru/', 'DW Russian'],
    ],
    circumvention: [
      ...TOR_AND_PSIPHON,
      ['https://protonvpn.com/', 'Proton VPN'],
      ['https://getoutline.org/', 'Outline VPN'],
    ],
    // State services, the largest bank, and two Russian platforms the state has never blocked:
    // what should stay reachable when foreign traffic is cut or only approved sites answer.
    'control-domestic': [
      ['https://www.gosuslugi.ru/', 'Gosuslugi'],
      ['https://www.sberbank.ru/', 'Sberbank'],
      ['https://ya.ru/', 'Yandex'],
      ['https://vk.com/', 'VK'],
    ],
    'control-global': GLOBAL_CONTROLS,
  },
);
