// ReDoc's sidebar shows a logo it always fetches from cdn.redoc.ly, whatever its options say.
// This site loads nothing from another host (its Content-Security-Policy would refuse it), so
// the address is swapped, before the image is asked for, for an empty one that fails to load:
// ReDoc then leaves the logo out and keeps its "API docs by Redocly" link.
(() => {
  const REMOTE_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    ...src,
    set(value) {
      src.set.call(this, String(value) === REMOTE_LOGO ? "data:," : value);
    },
  });
})();
