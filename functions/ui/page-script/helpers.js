/* What the other parts share: finding elements, looping, `{name}` templates and one field's counter. */
function $(selector, root) {
  return (root || d).querySelectorAll(selector);
}
function each(list, fn) {
  for (var i = 0; i < list.length; i++) fn(list[i]);
}
/** `template` with each `{name}` replaced by `values[name]` (unknown names are left as they are). */
function tpl(template, values) {
  return (template || '').replace(/\{(\w+)\}/g, function (match, name) {
    return name in values ? values[name] : match;
  });
}
/** The counter of a field: the element `#{id}-count` says `data-count` with {n} and {max} filled. */
function count(field) {
  var counter = field && field.id && d.getElementById(field.id + '-count');
  if (counter) counter.textContent = tpl(counter.getAttribute('data-count'), { n: field.value.length, max: field.maxLength });
}
