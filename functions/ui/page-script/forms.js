/*
 * Every form[data-enhance]:
 *  - checks in the page's language before sending (messages from data-e-required / data-e-short /
 *    data-e-invalid on the field or the form, shown in #err-{name}), then disables the button and
 *    shows its data-sending text so a double tap sends once; Back (bfcache) enables it again;
 *  - its hidden idempotencyKey: one key per form CONTENT (16 random bytes in hex). A double tap, or
 *    going back after a timed-out post and sending the same again, reuses the key (one case, not
 *    two); any edit draws a new key. A key the browser restored on Back is kept;
 *  - form[data-queue] (the report form), where fetch, FormData and localStorage exist: sent by
 *    queue.js (go) instead, the fields without the files, unless a photo is of a type, size or
 *    number the server will refuse (then the plain way, so the server's page says what is wrong);
 *    a form kept on the phone from an earlier visit is filled in and sent again (without photos).
 */
each($('form[data-enhance]'), function (form) {
  var button = form.querySelector('[type=submit]'),
    label = button && button.textContent,
    key = form.elements.idempotencyKey,
    busy = 0;
  function sending() {
    busy = 1;
    if (button) {
      button.disabled = true;
      button.textContent = button.getAttribute('data-sending') || label;
    }
  }
  function newKey() {
    var crypto = w.crypto,
      bytes = crypto && crypto.getRandomValues ? crypto.getRandomValues(new Uint8Array(16)) : [],
      hex = '',
      i;
    for (i = 0; i < 16; i++) hex += ((bytes[i] === undefined ? Math.random() * 256 : bytes[i]) | 256).toString(16).slice(1);
    key.value = hex;
  }
  if (key) {
    if (!key.value) newKey();
    form.addEventListener('input', newKey);
    form.addEventListener('change', newKey);
  }

  var queued = form.hasAttribute('data-queue') && w.fetch && w.FormData && w.Promise && ls && form.elements.photo,
    kept;
  try {
    kept = queued && JSON.parse(ls.getItem(Q));
  } catch (x) {}
  if (kept && kept.p) {
    each(kept.p, function (pair) {
      var field = form.elements[pair[0]];
      if (!field || field.type == 'file') return;
      if (field.length && !field.options)
        each(field, function (radio) {
          radio.checked = radio.value == pair[1];
        });
      else if (field.type == 'checkbox') field.checked = true;
      else field.value = pair[1];
    });
    sending();
    go(kept, [], form);
  }

  form.noValidate = true;
  form.addEventListener('submit', function (event) {
    var first = null;
    if (busy) {
      event.preventDefault();
      return;
    }
    each(form.elements, function (field) {
      var line = field.name && d.getElementById('err-' + field.name),
        validity = field.validity,
        message = '';
      if (!line || !field.willValidate) return;
      if (validity.valueMissing) message = field.getAttribute('data-e-required') || form.getAttribute('data-e-required');
      else if (validity.tooShort) message = tpl(form.getAttribute('data-e-short'), { min: field.minLength });
      else if (!validity.valid) message = field.getAttribute('data-e-invalid') || form.getAttribute('data-e-invalid');
      line.textContent = message;
      line.hidden = !message;
      if (message) {
        field.setAttribute('aria-invalid', 'true');
        first = first || field;
      } else field.removeAttribute('aria-invalid');
    });
    if (first) {
      event.preventDefault();
      first.focus();
      return;
    }
    sending();
    if (queued) {
      var input = form.elements.photo,
        photos = [].slice.call(input.files || []),
        data = new FormData(form),
        entry = { k: key.value, u: form.action, p: [] },
        refused = photos.length > +input.getAttribute('data-count-max');
      each(photos, function (photo) {
        if (input.accept.split(',').indexOf(photo.type) < 0 || photo.size > +input.getAttribute('data-max')) refused = 1;
      });
      if (!refused) {
        event.preventDefault();
        data['delete']('photo');
        data.forEach(function (value, name) {
          entry.p.push([name, value]);
        });
        go(entry, photos, form);
      }
    }
  });
  w.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      busy = 0;
      if (button) {
        button.disabled = false;
        button.textContent = label;
      }
    }
  });
});
