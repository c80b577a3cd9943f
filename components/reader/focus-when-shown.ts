// Focus an element that may not be on the page, or able to take the focus, yet: a card rendered after
// this, a sheet still hidden, a heading that comes a render or two after its sheet opens (on a slow phone
// more than a frame later). Tried each frame until it has the focus, for a second at most.
export function focusWhenShown(find: () => HTMLElement | null | undefined): void {
  let frames = 0;
  const attempt = () => {
    const el = find();
    el?.scrollIntoView({ block: "nearest" });
    el?.focus({ preventScroll: true });
    if ((!el || document.activeElement !== el) && ++frames < 60) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
