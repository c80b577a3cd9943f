// npm start's primary (scripts/lib/serve.mjs) with two workers: connections go to each in turn, and a
// connection handed to a worker that dies before it took it is closed, never left waiting forever (with
// node:cluster's round robin, the primary kept its copy of such a connection open: a request, or a reader's
// live stream reconnecting just as a worker was killed, hung), and the worker is replaced.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const fixture = path.join(import.meta.dirname, "__fixtures__", "cluster-primary.mjs");
let primary: ChildProcess | null = null;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** One request on a connection of its own: the answering worker's pid, or how the connection ended. */
async function ask(port: number, timeoutMs = 5000): Promise<{ pid?: number; ended?: string }> {
  const { body } = await get(port, "/", timeoutMs);
  return body ? { pid: Number(body) } : { ended: body === undefined ? "closed" : "no answer" };
}

/** GET `path` on a connection of its own: the body (undefined when the connection closed without one, null without an answer in time). */
function get(port: number, path: string, timeoutMs = 5000): Promise<{ body: string | undefined | null }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    let answered = true;
    const timer = setTimeout(() => {
      answered = false;
      socket.destroy();
    }, timeoutMs);
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ body: answered ? text.split("\r\n\r\n")[1] || undefined : null });
    });
  });
}

afterAll(() => {
  if (primary?.pid) process.kill(-primary.pid, "SIGKILL");
});

describe("npm start's primary", () => {
  it("hands connections to its workers in turn, closes one a worker died holding, and replaces the worker", async () => {
    const port = await freePort();
    primary = spawn(process.execPath, [fixture, String(port)], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let deadline = Date.now() + 30_000;
    let pids = new Set<number>();
    while (pids.size < 2 && Date.now() < deadline) {
      const { pid } = await ask(port, 1000);
      if (pid) pids.add(pid);
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(pids.size).toBe(2);
    // In turn: four connections, two each.
    const four = await Promise.all([ask(port), ask(port), ask(port), ask(port)]);
    const counts = new Map<number, number>();
    for (const { pid } of four) counts.set(pid!, (counts.get(pid!) ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2]);
    // As the server's own accept sets it: without TCP_NODELAY a response written in pieces waited for the
    // client's delayed ACK, ~40 ms a request (the bench's HTTP creates fell to a third).
    expect((await Promise.all([get(port, "/no-delay"), get(port, "/no-delay")])).map((r) => r.body)).toEqual(["true", "true"]);

    // One worker stops answering (stopped), a connection is handed to it, then it dies.
    const [victim, survivor] = [...pids];
    process.kill(victim, "SIGSTOP");
    const pending = [ask(port, 20_000), ask(port, 20_000)];
    await new Promise((r) => setTimeout(r, 500));
    process.kill(victim, "SIGKILL");
    const started = Date.now();
    const answers = await Promise.all(pending);
    expect(answers).toContainEqual({ pid: survivor });
    expect(answers).toContainEqual({ ended: "closed" }); // closed by the primary, not left waiting
    expect(Date.now() - started).toBeLessThan(5000);

    // Replaced: two workers answer again, the survivor and a new one.
    pids = new Set();
    deadline = Date.now() + 30_000;
    while (pids.size < 2 && Date.now() < deadline) {
      const { pid } = await ask(port, 2000);
      if (pid) pids.add(pid);
    }
    expect(pids.has(survivor)).toBe(true);
    expect(pids.has(victim)).toBe(false);
    expect(pids.size).toBe(2);
  });
});
