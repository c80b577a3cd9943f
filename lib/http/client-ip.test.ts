import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";
import { REMOTE_ADDRESS_HEADER, stampRemoteAddresses } from "./remote-address";

const headers = (h: Record<string, string>) => new Headers(h);

describe("clientIp", () => {
  it("without TRUST_PROXY uses the socket's address and ignores X-Forwarded-For", () => {
    const h = headers({ [REMOTE_ADDRESS_HEADER]: "127.0.0.1", "x-forwarded-for": "203.0.113.9, 198.51.100.1" });
    expect(clientIp(h, false)).toBe("127.0.0.1");
    expect(clientIp(headers({ "x-forwarded-for": "203.0.113.9" }), false)).toBe("unknown");
    expect(clientIp(headers({ [REMOTE_ADDRESS_HEADER]: "::ffff:10.1.2.3" }), false)).toBe("10.1.2.3");
  });

  it("with TRUST_PROXY takes the last X-Forwarded-For entry (the one the proxy appended), else the socket", () => {
    const h = headers({ [REMOTE_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "203.0.113.9 , 198.51.100.1" });
    expect(clientIp(h, true)).toBe("198.51.100.1");
    expect(clientIp(headers({ [REMOTE_ADDRESS_HEADER]: "10.0.0.2" }), true)).toBe("10.0.0.2");
  });
});

describe("stampRemoteAddresses", () => {
  it("overwrites a client-sent address header with the socket's address on every request", async () => {
    stampRemoteAddresses();
    stampRemoteAddresses(); // idempotent
    const seen: Array<string | string[] | undefined> = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers[REMOTE_ADDRESS_HEADER]);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await fetch(`http://127.0.0.1:${port}/`, { headers: { [REMOTE_ADDRESS_HEADER]: "203.0.113.9", "x-forwarded-for": "203.0.113.9" } });
      await fetch(`http://127.0.0.1:${port}/`);
    } finally {
      server.close();
    }
    expect(seen).toEqual(["127.0.0.1", "127.0.0.1"]);
  });
});
