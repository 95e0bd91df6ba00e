/**
 * The address space a real connection to a URL lands in, for Local Network Access. Chromium judges
 * LNA on the connected socket (URLLoader::OnConnected): an unreachable server is a network error,
 * not an LNA failure. So this opens a TCP connection, reads the peer address, and closes it before
 * any byte is written — as Chromium does with a connection it then refuses to use.
 */
import net from "node:net";
import { type AddressSpace, addressSpaceOfIp } from "../address-space.js";

/** Connects to `host` (a name or an address) and `port`, classifies the peer address; rejects when no connection can be made in time. */
export function connectedAddressSpace(host: string, port: number, timeoutMs: number): Promise<AddressSpace> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    socket.once("error", reject);
    socket.once("connect", () => {
      const address = socket.remoteAddress ?? "";
      socket.destroy();
      resolve(addressSpaceOfIp(address) ?? "public");
    });
  });
}
