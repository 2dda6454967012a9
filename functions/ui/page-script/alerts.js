/* [data-alerts=url]: the newest three public alerts listed in its <ul>, each linking to data-href#alert-{id}. */
each($('[data-alerts]'), function (section) {
  if (!w.fetch) return;
  fetch(section.getAttribute('data-alerts'))
    .then(function (res) {
      return res.json();
    })
    .then(function (alerts) {
      var list = section.querySelector('ul');
      each(alerts.slice(0, 3), function (alert) {
        var item = d.createElement('li'),
          link = d.createElement('a');
        link.href = section.getAttribute('data-href') + '#alert-' + alert.id;
        link.textContent = alert.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = !alerts.length;
    })
    ['catch'](function () {});
});
