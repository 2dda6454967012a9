/*
 * [data-filter=listId]: typing a village name filters the list #listId ([data-name] items; a
 * [data-group] with none left is hidden too).
 */
each($('[data-filter]'), function (input) {
  var list = d.getElementById(input.getAttribute('data-filter'));
  input.addEventListener('input', function () {
    var typed = input.value.replace(/\s+/g, '').toLowerCase();
    each($('[data-name]', list), function (item) {
      item.hidden = !!typed && item.getAttribute('data-name').toLowerCase().indexOf(typed) < 0;
    });
    each($('[data-group]', list), function (group) {
      group.hidden = !group.querySelector('[data-name]:not([hidden])');
    });
  });
});
