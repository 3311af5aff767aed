/**
 * On a phone, tables become stacked cards (styles.ts) and each cell shows its column's
 * name from `data-label`. Rendered tables carry it already; this labels the rest, and the
 * links table's rows each time its script renders a page of them.
 */
export const TABLE_LABELS_SCRIPT = String.raw`
(function () {
  'use strict';
  function label(table) {
    if (!table) return;
    var heads = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent.replace(/[▲▼]/g, '').trim(); });
    Array.prototype.forEach.call(table.querySelectorAll('tbody tr'), function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, i) {
        if (cell.tagName === 'TD' && !cell.hasAttribute('data-label') && heads[i]) cell.setAttribute('data-label', heads[i]);
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table'), label);
  var links = document.getElementById('links-body');
  if (links && window.MutationObserver) new MutationObserver(function () { label(links.closest('table')); }).observe(links, { childList: true });
})();
`;
