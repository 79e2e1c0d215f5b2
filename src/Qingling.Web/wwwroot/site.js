// Behaviour the pages need, kept out of the markup so the Content-Security-Policy can forbid inline script.
(function () {
  // 打印 links and buttons.
  document.addEventListener('click', function (e) {
    const el = e.target.closest && e.target.closest('[data-print]');
    if (el) { e.preventDefault(); window.print(); }
  });
  // A form that takes long to send (an upload) shows its "sending" note: data-show-on-submit="id".
  document.addEventListener('submit', function (e) {
    const id = e.target.dataset && e.target.dataset.showOnSubmit;
    const note = id && document.getElementById(id);
    if (note) note.classList.remove('d-none');
  });
  // The household card opened with ?print prints itself.
  if (document.body && document.body.hasAttribute('data-autoprint') && window.location.search.includes('print')) window.print();
})();
