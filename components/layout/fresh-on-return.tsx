"use client";
// For server-rendered pages whose figures others change while one works elsewhere (the library, the
// corpus, the open disputes queue): Back and Forward show the router's copy of the page as it was
// rendered, so an editor who ruled in the reader and went back still saw the dispute waiting, and a
// reviewer back in the library the counts from before. Each render carries an id; shown a second time
// (that is, restored from the router's cache), the page asks the server for itself again.
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";

const shown = new Map<string, object>();

export function FreshOnReturn({ render }: Readonly<{ render: string }>) {
  const router = useRouter();
  // This mounting of the page (an effect run twice by React's strict mode is still the same one).
  const mount = useRef({});
  useEffect(() => {
    const first = shown.get(render);
    if (first === undefined) shown.set(render, mount.current);
    else if (first !== mount.current) router.refresh();
  }, [render, router]);
  return null;
}
