import type { Socket } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

interface ServerInternals {
  connections: Set<SMTPConnection>;
  options: { maxClients?: number };
  connect(socket: Socket, socketOptions: unknown): void;
  _onError(error: Error): void;
  _onClientConnect(data: unknown): void;
}

/**
 * smtp-server holds every greeting back 100 ms to catch "early talkers" (a spam defence).
 * A captive sink has no use for it, and a client that opens a connection per message
 * would wait 100 ms each time: this greets at once. It uses smtp-server's connection
 * internals (3.x); when they are not there, the server keeps its own behaviour.
 */
export function greetPromptly(smtpServer: SMTPServer): void {
  const server = smtpServer as unknown as ServerInternals;
  const proto = SMTPConnection.prototype as unknown as Record<string, unknown>;
  if (typeof proto._setListeners !== 'function' || typeof proto.connectionReady !== 'function' || typeof server._onClientConnect !== 'function') return;
  server.connect = (socket: Socket, socketOptions: unknown) => {
    const connection = new SMTPConnection(smtpServer, socket, socketOptions as never);
    server.connections.add(connection);
    connection.on('error', (error: Error) => server._onError(error));
    connection.on('connect', (data: unknown) => server._onClientConnect(data));
    connection._setListeners(() => {
      if (server.options.maxClients && server.connections.size > server.options.maxClients) {
        return connection.send(421, `${connection.name} Too many connected clients, try again in a moment`, false);
      }
      connection.connectionReady();
    });
  };
}

