/*
 * The large-text switch (#large-text in the header), remembered in the cj_text cookie, which the
 * server pages read too. Without the script the switch still works on the page at hand (CSS :has).
 */
var largeText = d.getElementById('large-text');
function large() {
  d.documentElement.className = largeText.checked ? 'large' : '';
}
if (largeText) {
  if (/(^|;\s*)cj_text=large/.test(d.cookie)) largeText.checked = true;
  large();
  largeText.addEventListener('change', function () {
    large();
    d.cookie = 'cj_text=' + (largeText.checked ? 'large' : 'normal') + ';path=/;max-age=31536000;samesite=lax';
  });
}
