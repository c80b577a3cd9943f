// Runs once when the server starts (Next's instrumentation hook), before any request is handled.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { stampRemoteAddresses } = await import("./lib/http/remote-address");
    stampRemoteAddresses();
  }
}
