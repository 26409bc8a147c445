/**
 * Did the kept page look like someone's own, logged-in view? "Keep offline" takes the
 * tab's rendered DOM, behind any login, so the stored copy can carry the person's name, e-mail or
 * account menu — and a pack made later would hand it on. Cookies are not visible from here; what
 * the page shows is. Signs, each cheap and named so the user can be told why:
 *
 * - a password field (a login or "confirm your password" form is only shown to accounts);
 * - a "log out" link or button (en / ru / kk, and the usual logout URL paths);
 * - an e-mail address in the page's chrome: header, nav, or an element named account/user/profile.
 *   Not in the article body: a journalist's contact address there is not the reader's.
 *
 * Run on the parsed document before Readability strips the chrome. Data in, list out.
 */
export type LoginSign = 'password-field' | 'logout-link' | 'email-in-chrome';

const LOGOUT_WORDS = /\b(log ?out|sign ?out|log off)\b|выйти|выход из|шығу/i;
const LOGOUT_PATH = /(^|[/?&=_-])(log_?out|sign_?out|logoff|exit\.php)([/?&=_.-]|$)/i;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}/i;
const CHROME =
  'header, nav, [class*="account" i], [class*="user" i], [class*="profile" i], [id*="account" i], [id*="user" i], [id*="profile" i]';

export function signsOfLogin(doc: Document): LoginSign[] {
  const signs: LoginSign[] = [];
  if (doc.querySelector('input[type="password" i]')) signs.push('password-field');
  const actions = [...doc.querySelectorAll('a, button, [role="button"], [role="menuitem"]')];
  if (
    actions.some(
      (el) =>
        LOGOUT_WORDS.test((el.textContent ?? '').trim().slice(0, 40)) ||
        LOGOUT_PATH.test(el.getAttribute('href') ?? '') ||
        LOGOUT_PATH.test(el.getAttribute('formaction') ?? ''),
    )
  )
    signs.push('logout-link');
  if ([...doc.querySelectorAll(CHROME)].some((el) => EMAIL.test(el.textContent ?? '')))
    signs.push('email-in-chrome');
  return signs;
}
