import { definePack } from '../pack';
import { GLOBAL_CONTROLS, TOR_AND_PSIPHON } from './shared-entries';

/**
 * Kazakhstan, the default pack. Each group says why its sites are here; "documented" means a
 * source below reports the site (or its service) blocked, throttled or cut off in Kazakhstan.
 */
export const kzPack = definePack(
  {
    id: 'kz',
    name: 'Kazakhstan',
    country: 'KZ',
    sources: [
      'https://www.accessnow.org/press-release/keepiton-kazakhstan-internet-access/',
      'http://projects.drfl.kz/shutdown2022/en/internet_shutdown',
      'https://ooni.org/post/2023-throttling-kz-elections/',
      'https://ooni.org/post/2024-kazakhstan-report/',
      'https://adilsoz.kz/en/news/news-3455.html',
      'https://github.com/net4people/bbs/issues/462',
      'https://github.com/citizenlab/test-lists/blob/master/lists/kz.csv',
    ],
  },
  {
    // WhatsApp, Telegram and Signal were the first targets as protests spread from 2 Jan 2022
    // (Access Now #KeepItOn, 10 Jan 2022), restricted nationwide from 4 Jan (Digital Paradigm,
    // "Qazaqstan Shutdown 2022"), before the shutdown of 5–10 Jan. Messenger shares Facebook's fate.
    messengers: [
      ['https://web.whatsapp.com/', 'WhatsApp Web'],
      ['https://web.telegram.org/', 'Telegram Web'],
      ['https://signal.org/', 'Signal'],
      ['https://www.messenger.com/', 'Facebook Messenger'],
    ],
    // The platforms people used to learn what was happening in January 2022; RSF condemned the
    // blocking of social media amid 2019 opposition protests (cited in OONI's 2024 report).
    // VK and Odnoklassniki are the Russian-language networks most used in Kazakhstan.
    social: [
      ['https://www.facebook.com/', 'Facebook'],
      ['https://www.instagram.com/', 'Instagram'],
      ['https://x.com/', 'X (Twitter)'],
      ['https://www.youtube.com/', 'YouTube'],
      ['https://www.tiktok.com/', 'TikTok'],
      ['https://vk.com/', 'VK'],
      ['https://ok.ru/', 'Odnoklassniki'],
    ],
    news: [
      // RFE/RL's Kazakh service (both languages) throttled from 27 Sep 2022 to at least Apr 2023;
      // Current Time throttled around the Nov 2022 election (OONI, 2023).
      ['https://www.azattyq.org/', 'Azattyq (Kazakh)'],
      ['https://rus.azattyq.org/', 'Azattyq (Russian)'],
      ['https://www.currenttime.tv/', 'Current Time'],
      // RFE/RL's Central Asia platform; added to Citizen Lab's global list (June 2026) as
      // reportedly blocked in Kazakhstan.
      ['https://www.azattyqasia.org/', 'Azattyq Asia'],
      // Blocked on 4 Jan 2022 after reporting the protesters' demands (Adil Soz, 4 Jan 2022).
      ['https://orda.kz/', 'Orda.kz'],
      // Independent Kazakh outlet, on Citizen Lab's KZ list (NEWS, added by Access Now in 2019).
      ['https://vlast.kz/', 'Vlast.kz'],
      // Found blocked by OONI, June 2023 – June 2024 (OONI, IFKZ, Eurasian Digital Foundation).
      ['https://kloop.kg/', 'Kloop'],
      ['https://centralasia.media/', 'Central Asia Media'],
      ['https://fergana.media/', 'Fergana'],
      // Russian-language outlets read in Kazakhstan. Citizen Lab's KZ list notes Meduza as blocked
      // in Kazakhstan; BBC and DW Russian are blocked in Russia and are where readers turn.
      ['https://meduza.io/', 'Meduza'],
      ['https://www.bbc.com/russian', 'BBC News Russian'],
      ['https://www.dw.com/ru/', 'DW Russian'],
    ],
    circumvention: [
      // torproject.org is on the government's own register of blocked sites, entry dated
      // 27 Nov 2024 (www.gov.kz/banned_sites, archived in net4people/bbs#462).
      ...TOR_AND_PSIPHON,
      ['https://getoutline.org/', 'Outline VPN'],
      // Among the 73 circumvention sites OONI found blocked, June 2023 – June 2024.
      ['https://protonvpn.com/', 'Proton VPN'],
      ['https://nordvpn.com/', 'NordVPN'],
      ['https://www.expressvpn.com/', 'ExpressVPN'],
    ],
    // State and banking services: what a shutdown-time whitelist keeps reachable, so their
    // answering while foreign controls do not is how a whitelist shows itself.
    'control-domestic': [
      ['https://egov.kz/', 'eGov.kz'],
      ['https://www.gov.kz/', 'Gov.kz'],
      ['https://www.akorda.kz/', 'Akorda (President)'],
      ['https://kaspi.kz/', 'Kaspi.kz'],
      ['https://halykbank.kz/', 'Halyk Bank'],
    ],
    'control-global': GLOBAL_CONTROLS,
  },
);
