/**
 * The one script of the public pages, inlined (no extra request on a 2G link) at the end of every
 * public page. Everything works without it; it only adds:
 *  - the large-text switch (`#large-text` in the header) remembered in the `cj_text` cookie, which
 *    the server pages read too (without the script the switch still works on the page at hand);
 *  - character counters: an element `#{fieldId}-count` with `data-count="… {n} … {max} …"`;
 *  - on forms marked `data-enhance`: checks in the page's language before sending (messages from
 *    `data-e-required` / `data-e-short` / `data-e-invalid` on the field or the form, shown in
 *    `#err-{name}`), then disables the button and shows its `data-sending` text so a double tap
 *    sends once; Back (bfcache) re-enables it;
 *  - the hidden `idempotencyKey` of the report form: one key per form CONTENT. A double tap, or
 *    going back after a timed-out post and sending the same again, reuses the key (one case, not
 *    two); any edit draws a new key. A key the browser restored on Back is kept;
 *  - `[data-filter=listId]`: typing a village name filters the list `#listId` (`[data-name]` items,
 *    `[data-group]` groups);
 *  - `[data-alerts=url]`: fetches the public alerts and lists the newest three titles, linking to
 *    `data-href#alert-{id}`;
 *  - `[data-geo]`: "use my position" on the report form (shown only where the browser can locate):
 *    fills the hidden latitude/longitude and says what it found, or that it could not;
 *  - `[data-print]`: shows the button and prints the page;
 *  - `input[data-altcha]` (a report form sent back past the soft limit): solves the ALTCHA proof of
 *    work in the background (SHA-256 of salt + n, 200 at a time with crypto.subtle), puts the
 *    solution in the field and sends the form. Without crypto.subtle it does nothing: the page says
 *    to wait and send again.
 *
 * ES5 for old Android WebViews. The text is the SAME on every page (words come from data
 * attributes), so a Content-Security-Policy needs one hash for it (`ENHANCE_CSP_HASH`).
 */
import { createHash } from 'node:crypto';

export const ENHANCE_JS = String.raw`(function(d,w){function $(s,r){return(r||d).querySelectorAll(s)}function each(l,f){for(var i=0;i<l.length;i++)f(l[i])}function tpl(s,o){return(s||'').replace(/\{(\w+)\}/g,function(m,k){return k in o?o[k]:m})}function count(e){var o=e&&e.id&&d.getElementById(e.id+'-count');if(o)o.textContent=tpl(o.getAttribute('data-count'),{n:e.value.length,max:e.maxLength})}var lt=d.getElementById('large-text');function large(){d.documentElement.className=lt.checked?'large':''}if(lt){if(/(^|;\s*)cj_text=large/.test(d.cookie))lt.checked=true;large();lt.addEventListener('change',function(){large();d.cookie='cj_text='+(lt.checked?'large':'normal')+';path=/;max-age=31536000;samesite=lax'})}each($('[maxlength]'),count);d.addEventListener('input',function(e){count(e.target)});each($('form[data-enhance]'),function(f){var b=f.querySelector('[type=submit]'),t=b&&b.textContent,k=f.elements.idempotencyKey,busy=0;function key(){var c=w.crypto,a=[],s='',i;if(c&&c.randomUUID){k.value=c.randomUUID();return}if(c&&c.getRandomValues)a=c.getRandomValues(new Uint8Array(16));for(i=0;i<16;i++)s+=((a[i]===undefined?Math.random()*256:a[i])|256).toString(16).slice(1);k.value=s}if(k){if(!k.value)key();f.addEventListener('input',key);f.addEventListener('change',key)}f.noValidate=true;f.addEventListener('submit',function(ev){var first=null;if(busy){ev.preventDefault();return}each(f.elements,function(el){var p=el.name&&d.getElementById('err-'+el.name),v=el.validity,m='';if(!p||!el.willValidate)return;if(v.valueMissing)m=el.getAttribute('data-e-required')||f.getAttribute('data-e-required');else if(v.tooShort)m=tpl(f.getAttribute('data-e-short'),{min:el.minLength});else if(!v.valid)m=el.getAttribute('data-e-invalid')||f.getAttribute('data-e-invalid');p.textContent=m;p.hidden=!m;if(m){el.setAttribute('aria-invalid','true');first=first||el}else el.removeAttribute('aria-invalid')});if(first){ev.preventDefault();first.focus();return}busy=1;if(b){b.disabled=true;b.textContent=b.getAttribute('data-sending')||t}});w.addEventListener('pageshow',function(e){if(e.persisted){busy=0;if(b){b.disabled=false;b.textContent=t}}})});each($('[data-filter]'),function(i){var l=d.getElementById(i.getAttribute('data-filter'));i.addEventListener('input',function(){var q=i.value.replace(/\s+/g,'').toLowerCase();each($('[data-name]',l),function(e){e.hidden=!!q&&e.getAttribute('data-name').toLowerCase().indexOf(q)<0});each($('[data-group]',l),function(g){g.hidden=!g.querySelector('[data-name]:not([hidden])')})})});each($('[data-alerts]'),function(s){if(!w.fetch)return;fetch(s.getAttribute('data-alerts')).then(function(r){return r.json()}).then(function(a){var u=s.querySelector('ul');each(a.slice(0,3),function(x){var li=d.createElement('li'),e=d.createElement('a');e.href=s.getAttribute('data-href')+'#alert-'+x.id;e.textContent=x.title;li.appendChild(e);u.appendChild(li)});u.hidden=!a.length})['catch'](function(){})});each($('[data-geo]'),function(g){var n=w.navigator.geolocation,b=g.querySelector('button'),s=g.querySelector('p'),a=g.querySelectorAll('input');if(!n)return;g.hidden=false;b.onclick=function(){s.textContent=b.getAttribute('data-locating');n.getCurrentPosition(function(p){a[0].value=p.coords.latitude.toFixed(5);a[1].value=p.coords.longitude.toFixed(5);s.textContent=tpl(b.getAttribute('data-located'),{lat:a[0].value,lng:a[1].value})},function(){s.textContent=b.getAttribute('data-failed')},{enableHighAccuracy:true,timeout:15000,maximumAge:60000})}});each($('[data-print]'),function(b){b.hidden=false;b.onclick=function(){w.print()}});each($('input[data-altcha]'),function(i){var c=JSON.parse(i.getAttribute('data-altcha')),s=w.crypto&&w.crypto.subtle,n=0,e=w.TextEncoder&&new TextEncoder();if(!s||!e)return;function hex(b){var a=new Uint8Array(b),h='',j;for(j=0;j<a.length;j++)h+=(a[j]|256).toString(16).slice(1);return h}function run(){var p=[],j;if(n>c.maxnumber)return;for(j=0;j<200;j++)p.push(s.digest(c.algorithm,e.encode(c.salt+(n+j))));Promise.all(p).then(function(r){for(j=0;j<r.length;j++)if(hex(r[j])===c.challenge){i.value=btoa(JSON.stringify({algorithm:c.algorithm,challenge:c.challenge,number:n+j,salt:c.salt,signature:c.signature}));i.form.submit();return}n+=200;run()})}run()})})(document,window);`;

/** `'sha256-…'` of ENHANCE_JS, for the Content-Security-Policy of the pages that inline it. */
export const ENHANCE_CSP_HASH = `'sha256-${createHash('sha256').update(ENHANCE_JS).digest('base64')}'`;
