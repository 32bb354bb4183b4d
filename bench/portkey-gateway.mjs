// Portkey's open-source gateway (@portkey-ai/gateway) as a bench target. Its start script listens on every
// interface on --port (default 8787) and prints a banner; here its one listen() is bound to 127.0.0.1 on a
// free port instead, and the address is printed as the other bench processes print theirs.
import { Server } from 'node:net';

const listen = Server.prototype.listen;
Server.prototype.listen = function (...args) {
  Server.prototype.listen = listen;
  this.once('listening', () => process.stderr.write(`portkey gateway listening on http://127.0.0.1:${this.address().port}\n`));
  return listen.call(
    this,
    0,
    '127.0.0.1',
    args.find((arg) => typeof arg === 'function'),
  );
};
process.argv.push('--headless');
process.on('SIGTERM', () => process.exit(0));
await import('@portkey-ai/gateway/build/start-server.js');
