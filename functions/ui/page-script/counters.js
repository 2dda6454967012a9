/* Every field with a maxlength: its counter (#{id}-count) at load and as it is typed in. */
each($('[maxlength]'), count);
d.addEventListener('input', function (event) {
  count(event.target);
});
