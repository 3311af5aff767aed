/** `host:port` as written on the command line or in a journey (`[::1]:25` for IPv6); undefined when unreadable. */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const match = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  return match && port >= 1 && port <= 65535 ? { host: match[1], port } : undefined;
}
