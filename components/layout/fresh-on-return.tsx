"use client";
// For server-rendered pages whose figures others change while one works elsewhere (the library, the
// corpus, the open disputes queue): Back and Forward show the router's copy of the page as it was
// rendered, so an editor who ruled in the reader and went back still saw the dispute waiting, and a
// reviewer back in the library the counts from before. Each render carries an id; shown a second time
// (that is, restored from the router's cache), the page asks the server for itself again. So does a tab
// that comes back into view after a minute or more elsewhere (a queue left open while ruling in another).
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";

// The renders shown in this tab, the newest last, at most REMEMBERED of them: a long session does not
// grow it without end (a page restored from further back than that is shown as the router kept it).
const shown = new Map<string, object>();
const REMEMBERED = 200;
/** Away (the tab hidden) at least this long, and the page is read again when it is shown. */
const AWAY_MS = 60_000;

export function FreshOnReturn({ render }: Readonly<{ render: string }>) {
  const router = useRouter();
  // This mounting of the page (an effect run twice by React's strict mode is still the same one).
  const mount = useRef({});
  useEffect(() => {
    const first = shown.get(render);
    if (first === undefined) {
      shown.set(render, mount.current);
      if (shown.size > REMEMBERED) shown.delete(shown.keys().next().value!);
    }
    else if (first !== mount.current) router.refresh();
  }, [render, router]);
  useEffect(() => {
    let hiddenAt = document.visibilityState === "hidden" ? Date.now() : null;
    const onVisibility = () => {
      if (document.visibilityState === "hidden") hiddenAt ??= Date.now();
      else {
        if (hiddenAt !== null && Date.now() - hiddenAt >= AWAY_MS) router.refresh();
        hiddenAt = null;
      }
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, [router]);
  return null;
}
