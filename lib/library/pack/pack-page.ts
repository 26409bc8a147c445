/**
 * The fixed parts of a pack file: its stylesheet and its one script, both allowed by hash in the
 * file's CSP (so nothing else inline can run or style, even if an article carried it), and the
 * escaping every stranger-supplied string passes through. Pure.
 */
export const PACK_STYLE = `
:root{color-scheme:light dark;font:16px/1.6 system-ui,sans-serif;--m:#5f6368;--l:#8886}
@media (prefers-color-scheme:dark){:root{--m:#a8a29a}}
body{max-width:44rem;margin:0 auto;padding:1rem}
h1,h2,p,li,a{overflow-wrap:anywhere}
.vp-meta,.vp-note{color:var(--m);font-size:.9rem}
article{border-top:1px solid var(--l);margin-top:2rem}
.vp-body{font-family:Charter,'Noto Serif','DejaVu Serif',Georgia,serif;font-size:1.1rem;line-height:1.65}
.vp-body img{max-width:100%;height:auto}
.vp-body pre,.vp-body table{max-width:100%;overflow-x:auto;display:block}
#vp-q{width:100%;font:inherit;padding:.4rem;box-sizing:border-box}
[hidden]{display:none!important}
`;

/** Filters the articles by typed words (all must appear), case- and ё-insensitively. ES5, tiny. */
export const PACK_SCRIPT = `(function(){
var box=document.getElementById('vp-q'),count=document.getElementById('vp-count');
if(!box)return;
var arts=[].slice.call(document.querySelectorAll('article[data-vp]'));
var toc=[].slice.call(document.querySelectorAll('#vp-toc li'));
function fold(s){return (s||'').toLowerCase().replace(/\\u0451/g,'\\u0435');}
var texts=arts.map(function(a){return fold(a.textContent);});
document.getElementById('vp-search').hidden=false;
box.addEventListener('input',function(){
var words=fold(box.value).split(/\\s+/).filter(Boolean),shown=0;
arts.forEach(function(a,i){var ok=words.every(function(w){return texts[i].indexOf(w)>=0;});
a.hidden=!ok;if(toc[i])toc[i].hidden=!ok;if(ok)shown++;});
count.textContent=words.length?count.getAttribute('data-template').replace('$1',shown):'';
});
})();`;

export async function cspHash(source: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(source));
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return `'sha256-${btoa(binary)}'`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end its <script> element or start a comment or another tag. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
